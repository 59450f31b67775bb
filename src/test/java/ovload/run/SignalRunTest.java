package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The calls around a signal: a cli-subprocess run whose retrieval calls are slow (an {@code ov}
 * that sleeps before it answers) is stopped while some are in flight. No call starts after the
 * signal, every call that started has exactly one event, and a call the signal cut off is
 * {@code Interrupted} ({@code interrupted by SIGTERM}), never a failure: not in {@code errors.csv},
 * not in the failure counts. (The sdk adapter's side is checked on {@link PartialRunTest}'s SIGTERM run.)
 */
class SignalRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> SLOW = Set.of("find", "search", "grep", "glob");
  /** A start this close after the signal was sent may have begun before the JVM got it. */
  static final long DELIVERY_MS = 20;

  private record Start(long epochMillis, String operation) {}

  private static Path work(String name) throws Exception {
    return Files.createDirectories(Path.of("target/test-runs")).resolve(name + "-" + System.nanoTime()).toAbsolutePath();
  }

  /**
   * An {@code ov} that logs each call's start (epoch ms, operation) and sleeps before a retrieval
   * call, then runs this project's CLI.
   */
  private static Path slowOv(Path work, Path starts) throws Exception {
    Path script = work.resolve("slow-ov");
    String ov = Path.of("bin/ov").toAbsolutePath().toString();
    Files.writeString(script, String.join("\n",
        "#!/bin/sh",
        "op=$4",
        "echo \"$(date +%s%3N) $op\" >> '" + starts + "'",
        "case $op in find|search|grep|glob) sleep 3 ;; esac",
        "exec '" + ov + "' \"$@\"",
        ""));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static List<Start> starts(Path log) throws Exception {
    if (!Files.exists(log)) {
      return List.of();
    }
    List<Start> starts = new ArrayList<>();
    for (String line : Files.readAllLines(log)) {
      String[] parts = line.split(" ", 2);
      if (parts.length == 2 && SLOW.contains(parts[1])) {
        starts.add(new Start(Long.parseLong(parts[0]), parts[1]));
      }
    }
    return starts;
  }

  private record Stopped(Path runDir, List<Start> starts, long signalMillis, GatlingFork.Result result) {}

  /** Runs until retrieval calls are in flight, then signals; {@code alsoChildren}: as a terminal's Ctrl-C, to every process of the run. */
  private static Stopped runAndSignal(String name, String signal, boolean alsoChildren) throws Exception {
    Path work = work(name);
    Files.createDirectories(work);
    Path log = work.resolve("ov-starts.log");
    Map<String, String> options = GatlingFork.coldSmoke(work, "cli-subprocess", 20);
    options.put("ovBin", slowOv(work, log).toString());
    options.put("warmupSeconds", "0");
    options.put("resourceCount", "1");
    options.put("sessionCount", "1");
    options.put("messagesPerSession", "1");
    GatlingFork.Started run = GatlingFork.start(work, work.resolve("gatling"), options);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
      while (starts(log).isEmpty()) {
        if (!run.process().isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("no retrieval call started:\n" + run.output());
        }
        Thread.sleep(50);
      }
      Thread.sleep(1000); // the first calls are asleep: in flight
      List<String> kill = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(run.process().pid())));
      if (alsoChildren) {
        run.process().descendants().forEach(p -> kill.add(Long.toString(p.pid())));
      }
      long signalMillis = System.currentTimeMillis();
      new ProcessBuilder(kill).inheritIO().start().waitFor();
      GatlingFork.Result result = run.await(120);
      return new Stopped(work.resolve("run"), starts(log), signalMillis, result);
    } finally {
      run.process().destroyForcibly();
    }
  }

  private static List<JsonNode> slowEvents(Path runDir) throws Exception {
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      JsonNode event = JSON.readTree(line);
      if (SLOW.contains(event.get("operation").asText())) {
        events.add(event);
      }
    }
    return events;
  }

  private static Map<String, Integer> byOperation(List<String> operations) {
    Map<String, Integer> counts = new TreeMap<>();
    operations.forEach(op -> counts.merge(op, 1, Integer::sum));
    return counts;
  }

  private static void assertEveryCallOnceAndNoneFailed(Stopped stopped, String signal) throws Exception {
    String output = stopped.result().output();
    assertEquals(ExitCause.INTERRUPTED.exitCode, stopped.result().exitCode(), output);
    List<Start> late = stopped.starts().stream().filter(s -> s.epochMillis() > stopped.signalMillis() + DELIVERY_MS).toList();
    assertTrue(late.isEmpty(), "calls started after the signal (at " + stopped.signalMillis() + "): " + late);
    List<JsonNode> events = slowEvents(stopped.runDir());
    assertEquals(byOperation(stopped.starts().stream().map(Start::operation).toList()),
        byOperation(events.stream().map(e -> e.get("operation").asText()).toList()),
        "every started call recorded exactly once: " + events);
    List<JsonNode> interrupted = events.stream().filter(e -> !e.get("success").asBoolean()).toList();
    assertTrue(!interrupted.isEmpty(), "the calls in flight at the signal are recorded: " + events);
    for (JsonNode e : interrupted) {
      assertEquals("Interrupted", e.get("exception_type").asText(), e.toString());
      assertEquals("interrupted by " + signal, e.get("error_message").asText(), e.toString());
    }
    List<String> errors = Files.readAllLines(stopped.runDir().resolve("errors.csv"));
    assertTrue(errors.stream().skip(1).noneMatch(l -> l.contains("Interrupted") || l.contains("130")), String.join("\n", errors));
    List<String> summary = Files.readAllLines(stopped.runDir().resolve("request_summary.csv"));
    for (String row : summary) {
      String[] cells = row.split(",");
      if (cells.length > 5 && SLOW.contains(cells[2])) {
        assertEquals("0", cells[5], "no retrieval call is a failure: " + row);
      }
    }
    String english = Files.readString(stopped.runDir().resolve("summary.md"));
    assertTrue(english.contains(interrupted.size() + " interrupted (in flight at the signal"), english);
    System.out.println(signal + ": " + stopped.starts().size() + " retrieval calls started, " + events.size()
        + " recorded, " + interrupted.size() + " interrupted, " + late.size() + " started after the signal");
  }

  /** SIGTERM to the Gatling JVM alone (a CI abort, or Maven passing on Ctrl-C): the run ends the calls it started. */
  @Test
  void sigtermRecordsEveryStartedCallOnceAndTheCutOffOnesAsInterrupted() throws Exception {
    assertEveryCallOnceAndNoneFailed(runAndSignal("sigterm-calls", "TERM", false), "SIGTERM");
  }

  /** Ctrl-C in a terminal: SIGINT reaches the JVM and every {@code ov} in flight, which exit 130. */
  @Test
  void ctrlCRecordsTheOvCallsInFlightAsInterruptedNotFailed() throws Exception {
    assertEveryCallOnceAndNoneFailed(runAndSignal("sigint-calls", "INT", true), "SIGINT");
  }
}
