package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * Runs that end before their workload: a server that dies mid-run stops the load and the run is
 * reported as aborted; a run stopped from outside (SIGTERM, as Ctrl-C) is reported as
 * interrupted. Either way every report is written and says so first, and CI sees a failure.
 */
class PartialRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double PHASE_SECONDS = 30;

  private static Path work(String name) throws Exception {
    return Files.createDirectories(Path.of("target/test-runs")).resolve(name + "-" + System.nanoTime()).toAbsolutePath();
  }

  private static Map<String, String> longRun(Path work) {
    Map<String, String> options = GatlingFork.coldSmoke(work, "sdk", PHASE_SECONDS);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("warmupSeconds", "0");
    return options;
  }

  /** Waits until the run is in its retrieval phase: some of its requests are recorded. */
  static void awaitRetrieval(Path runDir, Process process) throws Exception {
    Path events = runDir.resolve("request_events.jsonl");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline && process.isAlive()) {
      if (Files.exists(events) && Files.readString(events).contains("\"scenario\":\"retrieval\"")) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("the run never reached its retrieval phase");
  }

  private static void assertPartial(Path runDir, String outcome) throws Exception {
    String summary = Files.readString(runDir.resolve("summary.md"));
    List<String> lines = summary.lines().toList();
    assertTrue(lines.get(0).endsWith("(PARTIAL: " + outcome + ")"), lines.get(0));
    String firstFinding = lines.get(lines.indexOf("## Key findings") + 1);
    assertTrue(firstFinding.startsWith("- " + outcome.toUpperCase(java.util.Locale.ROOT) + ": "), firstFinding);
    assertTrue(summary.contains("- Backlog: not measured: no final drain ran (the run was " + outcome + ")"), summary);
    JsonNode runSummary = JSON.readTree(runDir.resolve("run_summary.json").toFile());
    assertEquals(outcome, runSummary.get("outcome").asText());
    assertTrue(runSummary.get("partial").asBoolean());
    for (String key : List.of("run_id", "created_at", "notes", "request_summary", "task_summary", "adapter_comparison",
        "errors", "summary_zh")) {
      assertTrue(runSummary.has(key), "the spec's key stays: " + key);
    }
    String gates = Files.readString(runDir.resolve("gates.xml"));
    assertTrue(gates.contains("name=\"the run completed its workload\"><failure message=\"the run was " + outcome), gates);
    assertTrue(Files.readString(runDir.resolve("summary_zh.md")).contains("本次运行不完整（" + outcome + "）"));
  }

  @Test
  void aServerThatDiesMidRunStopsTheLoadAndTheRunIsReportedAborted() throws Exception {
    Path work = work("dead");
    Path runDir = work.resolve("run");
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT))) {
      Map<String, String> options = longRun(work);
      options.put("serverUrl", server.baseUrl());
      options.put("abortAfterSeconds", "3");
      GatlingFork.Started run = GatlingFork.start(work, work.resolve("gatling"), options);
      awaitRetrieval(runDir, run.process());
      long killed = System.nanoTime();
      server.close();
      GatlingFork.Result result = run.await(300);
      double secondsAfterKill = (System.nanoTime() - killed) / 1e9;
      System.out.println("stopped " + secondsAfterKill + " s after the server died");
      assertEquals(ExitCause.ABORTED.exitCode, result.exitCode(), result.output());
      String last = result.output().lines().filter(l -> l.startsWith("ovload")).reduce((a, b) -> b).orElse("");
      assertTrue(last.startsWith("ovload result: ABORTED (exit 5): every request for 3.0 s failed with a connection error"),
          result.output());
      // the rest of retrieval and all of mixed (60 s) never ran: the load stopped within the window and some slack
      assertTrue(secondsAfterKill < PHASE_SECONDS, "the load went on " + secondsAfterKill + " s after the server died");
      assertTrue(Files.readAllLines(runDir.resolve("request_events.jsonl")).stream()
          .noneMatch(l -> l.contains("\"scenario\":\"mixed\"")), "mixed never ran");
      assertPartial(runDir, "aborted");
      assertTrue(Files.readString(runDir.resolve("summary.md")).contains("failed with a connection error"));
    }
  }

  /** A signal is its own cause and status, the reports of what ran are written, and no stand-in is left behind. */
  /**
   * The sdk adapter (Gatling's HTTP) stopped by SIGTERM: the run is reported interrupted, it started no
   * request after the signal, and none it cut off is a failure (the cli-subprocess side: {@link SignalRunTest}).
   */
  @Test
  void aRunStoppedFromOutsideIsReportedInterruptedAndStartsNoRequestAfterTheSignal() throws Exception {
    Path work = work("sigterm");
    Path runDir = work.resolve("run");
    GatlingFork.Started run = GatlingFork.start(work, work.resolve("gatling"), longRun(work));
    try {
      awaitRetrieval(runDir, run.process());
      long standIn = Long.parseLong(run.output().lines().filter(l -> l.startsWith("ovload: embedded stand-in at "))
          .findFirst().orElseThrow().replaceAll(".*, pid (\\d+) .*", "$1"));
      long signalMillis = System.currentTimeMillis();
      run.process().destroy(); // SIGTERM, as a CI job's abort or Ctrl-C
      GatlingFork.Result result = run.await(300);
      assertEquals(ExitCause.INTERRUPTED.exitCode, result.exitCode(), result.output());
      List<JsonNode> late = new ArrayList<>();
      for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
        JsonNode event = JSON.readTree(line);
        if (java.time.Instant.parse(event.get("started_at").asText()).toEpochMilli() > signalMillis + SignalRunTest.DELIVERY_MS) {
          late.add(event);
        }
        assertTrue(event.get("success").asBoolean() || "Interrupted".equals(event.get("exception_type").asText()),
            "no failure: " + event);
      }
      assertTrue(late.isEmpty(), late.size() + " requests started after the signal, the first: "
          + late.subList(0, Math.min(3, late.size())));
      JsonNode outcome = JSON.readTree(runDir.resolve(Verdict.FILE).toFile());
      assertEquals("interrupted", outcome.get("outcome").asText());
      assertTrue(outcome.get("detail").asText().startsWith("SIGTERM"), outcome.toString());
      String last = result.output().lines().filter(l -> l.startsWith("ovload")).reduce((a, b) -> b).orElse("");
      assertTrue(last.startsWith("ovload result: INTERRUPTED (exit 130): SIGTERM"), result.output());
      assertTrue(ProcessHandle.of(standIn).filter(ProcessHandle::isAlive).isEmpty(), "the stand-in stopped with the run");
      assertPartial(runDir, "interrupted");
    } finally {
      run.process().destroyForcibly();
    }
  }
}
