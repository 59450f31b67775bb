package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code mvn gatling:test} itself, as a user and Jenkins run it: the exit causes told apart, the
 * API key kept off every forked command line, and one Gatling report per run in the workspace.
 */
class MavenRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path PROJECT = Path.of("").toAbsolutePath();

  /** @param childEnvironments each descendant's environment as it read in /proc (NUL-separated), by its command line */
  record Run(int exitCode, String output, Set<String> forkedCommandLines, Map<String, String> childEnvironments) {}

  @Test
  void aBadOptionIsNamedAsSuchNotAsFailedAssertions() throws Exception {
    Path work = work("bad-option");
    Run run = mvn(work, Map.of("profile", "fast", "outputDir", work.resolve("run").toString()), 300);
    assertEquals(1, run.exitCode(), run.output());
    List<String> ours = run.output().lines().filter(l -> l.startsWith("ovload")).toList();
    assertEquals("ovload: unknown profile 'fast': use -Dprofile=smoke|standard|stress (or add resources/profiles/fast.properties)",
        ours.get(0), run.output());
    assertTrue(ours.get(ours.size() - 1).startsWith("ovload result: BAD OPTION (exit 3) ["), run.output());
    assertFalse(run.output().contains("assertions failed"), "Maven's word for failed gates only:\n" + run.output());
    assertFalse(run.output().contains("|-INFO in ch.qos.logback"), "no logback start-up chatter:\n" + run.output());
    JsonNode outcome = JSON.readTree(PROJECT.resolve(Verdict.FIXED).toFile());
    assertEquals("bad_option", outcome.get("outcome").asText());
    assertEquals(3, outcome.get("exit_code").asInt());
    assertTrue(outcome.get("run_folder").isNull(), "no run folder was made");
    assertFalse(Files.exists(work.resolve("run")));
  }

  @Test
  void aFailedGateIsNamedAfterEveryReportWithTheKeyOffEveryCommandLineAndOneGatlingReport() throws Exception {
    Path work = work("gate");
    Path runDir = work.resolve("run");
    String key = "secret-" + System.nanoTime();
    Map<String, String> options = GatlingFork.coldSmoke(work, "sdk", 1);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("warmupSeconds", "0"); // no warm-up phases: what Maven says of the outcome needs none
    options.put("maxSuccessP95Ms", "0.001");
    options.put("apiKey", key);
    options.put("cleanupAtEnd", "true");
    Run run = mvn(work, options, 600);

    assertEquals(1, run.exitCode(), run.output());
    String last = run.output().lines().filter(l -> l.startsWith("ovload")).reduce((a, b) -> b).orElse("");
    assertTrue(last.startsWith("ovload result: FAILED GATES (exit 2): "), run.output());
    assertTrue(last.contains("latency, failure or backlog gates failed on our events"), last);
    assertEquals(1, run.output().lines().filter(l -> l.contains("latency, failure or backlog gates failed on our events")).count(),
        "the failed gates are said once:\n" + run.output());
    assertTrue(run.output().contains("Gatling simulation assertions failed"), "Maven's own word, right for gates");
    JsonNode outcome = JSON.readTree(runDir.resolve(Verdict.FILE).toFile());
    assertEquals("failed_gates", outcome.get("outcome").asText());
    assertEquals(2, outcome.get("exit_code").asInt());
    assertEquals(outcome, JSON.readTree(PROJECT.resolve(Verdict.FIXED).toFile()), "the fixed place holds the same");

    Path report = GatlingFork.gatlingReport(runDir);
    for (String file : new String[] {"summary.md", "summary_zh.md", "request_summary.csv", "gates.xml", "jmeter.csv",
        "run_summary.json"}) {
      assertTrue(Files.exists(runDir.resolve(file)), "written before the exit: " + file);
    }
    String gates = Files.readString(runDir.resolve("gates.xml"));
    assertTrue(gates.contains("success_p95_ms &lt;= 0.001") || gates.contains("success_p95_ms <= 0.001"), gates);
    assertTrue(gates.contains("<failure"), gates);
    assertTrue(Files.readString(report.resolve("js/assertions.xml")).contains("testcase"), "the gates are Gatling assertions too");

    // cleanupAtEnd: the server-side removal as the clear does it (memories included), and the local data
    String notes = Files.readString(runDir.resolve("notes.json"));
    java.util.regex.Matcher cleanup = java.util.regex.Pattern.compile("cleanup at end: removed viking://resources/bench/load_test, "
        + "(\\d+) sessions with prefix bench-load-\\S* and (\\d+) memory folders of theirs").matcher(notes);
    assertTrue(cleanup.find(), notes);
    assertTrue(Integer.parseInt(cleanup.group(1)) >= 2 && Integer.parseInt(cleanup.group(2)) >= 2,
        "the two committed sessions and their memories: " + cleanup.group());
    assertFalse(Files.exists(work.resolve("data")), "the local data is gone");

    // the key reached the fork (the stand-in, which requires it, answered) but no forked command line
    assertTrue(run.forkedCommandLines().stream().anyMatch(c -> c.contains("io.gatling") || c.contains("gatlingbooter")),
        "the Gatling fork was seen: " + run.forkedCommandLines());
    assertTrue(run.forkedCommandLines().stream().anyMatch(c -> c.contains("ovload.tools.StandInCommand")),
        "the stand-in's JVM was seen: " + run.forkedCommandLines());
    for (String commandLine : run.forkedCommandLines()) {
      assertFalse(commandLine.contains(key), "the key is on a forked command line: " + commandLine);
    }
    // nor in the environment of any child of the Gatling JVM (the stand-in, git, ov): Maven's launcher
    // puts the command line in MAVEN_CMD_LINE_ARGS, which the plugin's fork inherits and drops for its own children
    Map<String, String> grandchildren = new java.util.HashMap<>(run.childEnvironments());
    // the fork runs Gatling's booter jar; the stand-in has the fork's class path (that jar) on its command line
    grandchildren.keySet().removeIf(c -> !c.contains("ovload.tools.StandInCommand")
        && (c.contains("gatlingbooter") || c.contains("io.gatling")));
    // the JDK's launch trampoline: forked from the Gatling JVM with its environment, it replaces itself
    // (exec) with the child and the child's own, scrubbed environment; caught before that exec, it is
    // the Gatling JVM's environment for an instant, not a child's
    grandchildren.keySet().removeIf(c -> c.contains("/jspawnhelper "));
    assertTrue(grandchildren.keySet().stream().anyMatch(c -> c.contains("ovload.tools.StandInCommand")), run.childEnvironments().keySet().toString());
    assertEquals(List.of(), grandchildren.entrySet().stream().filter(e -> e.getValue().contains(key)).map(Map.Entry::getKey).toList(),
        "children whose environment holds the key");
    assertFalse(run.output().contains(key), "the key never reaches the console");
    try (Stream<Path> left = Files.list(PROJECT.resolve("target"))) {
      assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("ovload-api-key.")).toList(),
          "the handed-over key file is gone");
    }

    // Jenkins' Gatling plugin: every **/global_stats.json, the report named after the folder two levels up
    List<Path> reports = jenkinsGatlingReports(work);
    assertEquals(List.of(report), reports, "one report per run, where the run folder is");
    assertTrue(Files.readString(runDir.resolve("summary.md")).contains(report.getFileName() + "/index.html"),
        "the summary links the report");
  }

  /**
   * Ctrl-C in a terminal (SIGINT to Maven and its fork, one process group): while the load runs the
   * outcome file says {@code running}, never the previous run's verdict; Maven exits only after the
   * Gatling JVM, and by then the file holds this run's {@code interrupted}.
   */
  @Test
  void afterCtrlCMavenExitsOnlyOnceTheOutcomeIsThisRunsInterrupted() throws Exception {
    Path work = work("ctrl-c");
    Path runDir = work.resolve("run");
    Map<String, String> options = GatlingFork.coldSmoke(work, "sdk", 20);
    options.put("warmupSeconds", "0"); // the signal comes in retrieval, sooner without the warm-up phases
    // its own process group, SIGINT at its default as in a terminal (a background job inherits it ignored)
    List<String> command = new ArrayList<>(List.of("python3", "-c", "import os, signal, sys; "
        + "signal.signal(signal.SIGINT, signal.SIG_DFL); os.setsid(); os.execvp(sys.argv[1], sys.argv[1:])",
        "mvn", "-B", "-ntp", "-o", "gatling:test",
        "-Dgatling.resultsFolder=" + work.resolve("gatling"), "-Dovload.gatlingResults=" + work.resolve("gatling")));
    options.forEach((k, v) -> command.add("-D" + k + "=" + v));
    Files.createDirectories(work);
    Path log = work.resolve("mvn.log");
    Process maven = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
      while (!Files.readString(log).contains(" retrieval") && maven.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertTrue(maven.isAlive(), Files.readString(log));
      assertEquals("running", JSON.readTree(PROJECT.resolve(Verdict.FIXED).toFile()).get("outcome").asText(),
          "under way, the file is this run's");
      List<ProcessHandle> forks = maven.descendants().toList();
      assertTrue(!forks.isEmpty(), "the Gatling JVM runs");
      // the terminal's Ctrl-C: the whole group. "--" is not optional: procps-ng 4.0.2's kill reads
      // "-INT -<pgid>" as "-INT -1" and signals every process it may (the test runner included)
      new ProcessBuilder("kill", "-INT", "--", "-" + maven.pid()).start().waitFor();
      assertTrue(maven.waitFor(180, TimeUnit.SECONDS), Files.readString(log));
      assertTrue(forks.stream().noneMatch(ProcessHandle::isAlive), "the Gatling JVM ended before Maven:\n" + Files.readString(log));
      JsonNode outcome = JSON.readTree(PROJECT.resolve(Verdict.FIXED).toFile());
      assertEquals("interrupted", outcome.get("outcome").asText(), Files.readString(log));
      assertEquals(130, outcome.get("exit_code").asInt());
      assertEquals(runDir.toString(), outcome.get("run_folder").asText());
      assertTrue(Files.exists(runDir.resolve("summary.md")), "the reports were written before Maven's exit");
    } finally {
      maven.descendants().forEach(ProcessHandle::destroyForcibly);
      maven.destroyForcibly();
    }
  }

  /** As GatlingPublisher.saveFullReports: workspace.list("**&#47;global_stats.json"), each file's parent's parent. */
  static List<Path> jenkinsGatlingReports(Path workspace) throws IOException {
    try (Stream<Path> files = Files.walk(workspace)) {
      return files.filter(p -> p.getFileName().toString().equals("global_stats.json"))
          .map(p -> p.getParent().getParent()).sorted().toList();
    }
  }

  private static Path work(String name) throws IOException {
    return Files.createDirectories(Path.of("target/test-runs")).resolve("mvn-" + name + "-" + System.nanoTime()).toAbsolutePath();
  }

  /** {@code mvn -o gatling:test} in this project, its Gatling results under {@code work}; every forked command line seen. */
  static Run mvn(Path work, Map<String, String> options, long timeoutSeconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-o", "gatling:test",
        "-Dgatling.resultsFolder=" + work.resolve("gatling"), "-Dovload.gatlingResults=" + work.resolve("gatling")));
    options.forEach((k, v) -> command.add("-D" + k + "=" + v));
    Files.createDirectories(work);
    Path log = work.resolve("mvn.log");
    Process maven = new ProcessBuilder(command).directory(PROJECT.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    Set<String> seen = ConcurrentHashMap.newKeySet();
    Map<String, String> environments = new ConcurrentHashMap<>();
    // the launcher script's subshells (before it execs Maven's JVM) are the launcher: what the user typed
    String launcher = "/mvn " + String.join(" ", command.subList(1, command.size())) + " ";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
    while (maven.isAlive() && System.nanoTime() < deadline) {
      // the Maven JVM's own command line holds what the user typed; its children must not
      maven.descendants().forEach(p -> {
        try {
          String commandLine = Files.readString(Path.of("/proc/" + p.pid() + "/cmdline"), StandardCharsets.UTF_8).replace('\0', ' ');
          if (commandLine.endsWith(launcher)) {
            return;
          }
          seen.add(commandLine);
          environments.put(commandLine, new String(Files.readAllBytes(Path.of("/proc/" + p.pid() + "/environ")), StandardCharsets.UTF_8));
        } catch (IOException e) {
          // gone between the listing and the read
        }
      });
      Thread.sleep(100);
    }
    if (maven.isAlive()) {
      maven.descendants().forEach(ProcessHandle::destroyForcibly);
      maven.destroyForcibly().waitFor();
      throw new AssertionError("mvn gatling:test did not end within " + timeoutSeconds + " s:\n" + Files.readString(log));
    }
    return new Run(maven.exitValue(), Files.readString(log, StandardCharsets.UTF_8), seen, environments);
  }
}
