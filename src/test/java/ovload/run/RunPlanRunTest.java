package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * Plans of several runs in one Gatling JVM, as {@code mvn gatling:test -Druns=2 -DwarmupRuns=1} and
 * {@code -Dsweep=mixedConcurrency:1,3 -Dreps=2} run them: a folder per run, statistics across the
 * measured runs only, one sweep row per point and repetition.
 */
class RunPlanRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Map<String, String> tiny(Path work) {
    Map<String, String> options = GatlingFork.coldSmoke(work, "cli-http", 0.5);
    options.put("warmupSeconds", "0");
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("messagesPerSession", "1");
    options.put("mixedSeconds", "1");
    return options;
  }

  private static Path work(String name) throws Exception {
    return Files.createDirectories(Path.of("target/test-runs")).resolve(name + "-" + System.nanoTime()).toAbsolutePath();
  }

  @Test
  void warmupRunsAreDiscardedAndMeasuredRunsAggregated() throws Exception {
    Path work = work("runs");
    Map<String, String> options = tiny(work);
    options.put("runs", "2");
    options.put("warmupRuns", "1");
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 400);
    // a cold stand-in on a busy machine may miss a latency gate; the plan's structure is what is checked
    assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    Path base = work.resolve("run");
    Set<String> sessions = new HashSet<>();
    for (String run : List.of("warmup-1", "run-01", "run-02")) {
      Path dir = base.resolve(run);
      assertTrue(Files.size(dir.resolve("request_summary.csv")) > 0, run);
      assertTrue(Files.exists(dir.resolve("summary.md")), run);
      for (String line : Files.readAllLines(dir.resolve("request_events.jsonl"))) {
        JsonNode e = JSON.readTree(line);
        assertTrue(e.get("success").asBoolean(), line);
        if (e.get("scenario").asText().equals("session_commit")) {
          assertTrue(sessions.add(e.get("session_id").asText()), "each run commits sessions of its own: " + line);
        }
      }
      // a run's clock starts with its first phase: its first event is within seconds of its start
      JsonNode first = JSON.readTree(Files.readAllLines(dir.resolve("request_events.jsonl")).get(0));
      assertTrue(first.get("elapsed_ms_since_run_start").asDouble() < 5000, first.toString());
    }
    JsonNode aggregate = JSON.readTree(base.resolve("aggregate.json").toFile());
    assertEquals(List.of(base.resolve("run-01").toString(), base.resolve("run-02").toString()),
        JSON.convertValue(aggregate.get("runs"), List.class));
    // each row aggregates the measured runs that did the operation (a second of mixed load on a busy
    // machine may hold no grep at all): counted here from the runs' own request summaries
    Map<String, Integer> doneIn = new HashMap<>();
    for (String run : List.of("run-01", "run-02")) {
      for (CSVRecord r : read(base.resolve(run).resolve("request_summary.csv"))) {
        doneIn.merge(r.get("adapter") + "|" + r.get("scenario") + "|" + r.get("operation"), 1, Integer::sum);
      }
    }
    int twice = 0;
    for (JsonNode row : aggregate.get("rows")) {
      String key = row.get("adapter").asText() + "|" + row.get("scenario").asText() + "|" + row.get("operation").asText();
      assertEquals(doneIn.get(key), row.get("statistics").get("runs").asInt(), row.toString());
      twice += doneIn.get(key) == 2 ? 1 : 0;
    }
    assertTrue(twice > 0, "operations done in both runs are aggregated over both");
    List<CSVRecord> csv = read(base.resolve("aggregate.csv"));
    assertTrue(csv.stream().anyMatch(r -> r.get("scenario").equals("retrieval") && r.get("metric").equals("p95_ms")));
    assertTrue(Files.exists(GatlingFork.gatlingReport(base).resolve("index.html")), "Gatling's report of the whole plan");
    assertTrue(result.output().contains("across 2 runs: " + base.resolve("aggregate.csv")), result.output());
    // -DstandinWarmUp=false: the stand-in listened cold, and says so
    assertTrue(result.output().contains("listening after") && result.output().contains(", not warmed up"), result.output());
    assertTrue(!result.output().contains("ovload standin: warmed up"), result.output());
  }

  @Test
  void aSweepWritesOneRowPerPointAndRepetitionAndAChart() throws Exception {
    Path work = work("sweep");
    Map<String, String> options = tiny(work);
    options.put("sweep", "mixedConcurrency:1,3");
    options.put("reps", "2");
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 400);
    // a cold stand-in on a busy machine may miss a latency gate; the plan's structure is what is checked
    assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    Path base = work.resolve("run");
    List<CSVRecord> rows = read(base.resolve("sweep.csv"));
    assertEquals(4, rows.size());
    assertEquals(List.of("1/1", "1/2", "3/1", "3/2"),
        rows.stream().map(r -> r.get("mixedConcurrency") + "/" + r.get("rep")).toList());
    for (CSVRecord row : rows) {
      Path dir = base.resolve("mixedConcurrency=" + row.get("mixedConcurrency")).resolve("rep-" + row.get("rep"));
      List<JsonNode> mixed = Files.readAllLines(dir.resolve("request_events.jsonl")).stream().map(RunPlanRunTest::parse)
          .filter(e -> e.get("scenario").asText().equals("mixed")).toList();
      double wall = 0;
      for (JsonNode phase : JSON.readTree(dir.resolve("phases.json").toFile())) {
        if (phase.get("scenario").asText().equals("mixed")) {
          wall = phase.get("duration_seconds").asDouble();
        }
      }
      double latency = mixed.stream().mapToDouble(e -> e.get("latency_ms").asDouble()).sum();
      assertEquals(mixed.size(), Integer.parseInt(row.get("requests")));
      assertEquals(mixed.size() / wall, Double.parseDouble(row.get("throughput_qps")), 0.001);
      assertEquals(latency / 1000 / wall, Double.parseDouble(row.get("effective_concurrency")), 0.001);
      // closed model: never more requests in flight than workers
      assertTrue(Double.parseDouble(row.get("effective_concurrency")) <= Integer.parseInt(row.get("mixedConcurrency")) + 0.01);
    }
    assertTrue(Files.size(base.resolve("charts/sweep.png")) > 1000);
    assertTrue(Files.readString(base.resolve("sweep.md")).contains("| mixedConcurrency | throughput (req/s) | p95 (ms) |"));
  }

  @Test
  void modelModesRunAgainstAStandInPerModeAndRankTheOperations() throws Exception {
    Path work = work("modes");
    Map<String, String> options = tiny(work);
    options.remove("modelMode");
    options.put("adapters", "sdk");
    options.put("modelModes", "instant,realistic");
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 400);
    // a cold stand-in on a busy machine may miss a latency gate; the plan's structure is what is checked
    assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    Path base = work.resolve("run");
    // realistic extraction takes 200 ms a commit, instant none: the sdk's requests reached each run's own stand-in
    Map<String, Double> medians = new java.util.HashMap<>();
    for (String mode : List.of("instant", "realistic")) {
      List<Double> server = new java.util.ArrayList<>();
      for (String line : Files.readAllLines(base.resolve(mode).resolve("task_events.jsonl"))) {
        JsonNode task = JSON.readTree(line);
        if (task.get("task_type").asText().equals("session_commit") && task.get("status").asText().equals("completed")) {
          server.add(task.get("server_duration_ms").asDouble());
        }
      }
      java.util.Collections.sort(server);
      assertTrue(!server.isEmpty(), mode);
      medians.put(mode, server.get(server.size() / 2));
    }
    assertTrue(medians.get("realistic") >= 190 && medians.get("instant") < 100, medians.toString());
    // a stand-in JVM per mode, each sampled as a process, each gone with the run
    List<Long> pids = result.output().lines().filter(l -> l.startsWith("ovload: embedded stand-in at "))
        .map(l -> Long.parseLong(l.replaceAll(".*, pid (\\d+) .*", "$1"))).toList();
    assertEquals(2, new HashSet<>(pids).size(), result.output());
    pids.forEach(pid -> assertTrue(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty(), "stand-in " + pid + " stopped"));
    for (String mode : List.of("instant", "realistic")) {
      List<CSVRecord> samples = read(base.resolve(mode).resolve("resources.csv"));
      assertTrue(samples.stream().anyMatch(r -> !r.get("target_rss_mb").isEmpty() && Double.parseDouble(r.get("target_rss_mb")) > 10),
          mode + ": the stand-in's memory is sampled");
    }
    String md = Files.readString(base.resolve("model_modes.md"));
    assertTrue(md.contains("| sdk | session_commit |") && md.contains("| sdk | find |"), md);
    assertTrue(Files.exists(base.resolve("comparison.csv")));
  }

  @Test
  void everyAdapterOfEveryRunGetsItsFinalDrainAndThePhasesFollowOneAnother() throws Exception {
    Path work = work("drains");
    // one commit worker and a second per extraction: six commits per adapter outlast every drain but the final
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.SLOW)
        .withWorkers(4, 1))) {
      Map<String, String> options = tiny(work);
      options.remove("modelMode");
      options.put("serverUrl", server.baseUrl());
      options.put("adapters", "sdk,cli-http");
      options.put("runs", "2");
      options.put("sessionCount", "6");
      options.put("drainTimeout", "0.1");
      GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 400);
      // the smoke profile's latency gates may fail against slow extraction; the reports are written either way
      assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    }
    for (String run : List.of("run-01", "run-02")) {
      Path dir = work.resolve("run").resolve(run);
      Map<String, Integer> finalPolls = new java.util.TreeMap<>();
      for (String line : Files.readAllLines(dir.resolve("request_events.jsonl"))) {
        JsonNode e = JSON.readTree(line);
        if (e.get("scenario").asText().equals("final_drain")) {
          assertEquals("get_task", e.get("operation").asText(), line);
          finalPolls.merge(e.get("adapter").asText(), 1, Integer::sum);
        }
      }
      Set<String> leftTasks = new HashSet<>();
      for (String line : Files.readAllLines(dir.resolve("task_events.jsonl"))) {
        JsonNode task = JSON.readTree(line);
        if (task.get("completion_scenario").asText().equals("final_drain")) {
          leftTasks.add(task.get("adapter").asText());
        }
      }
      System.out.println(run + " final-drain polls per adapter: " + finalPolls + "; adapters with tasks left: " + leftTasks);
      // both adapters left tasks, and each was polled in the final drain (the old chain drained only the first adapter)
      assertEquals(Set.of("sdk", "cli-http"), leftTasks, run);
      assertEquals(leftTasks, finalPolls.keySet(), run);
      // each step starts after the one before it has ended (phases.json lists them in starting order)
      java.time.Instant lastEnd = java.time.Instant.EPOCH;
      for (JsonNode phase : JSON.readTree(dir.resolve("phases.json").toFile())) {
        java.time.Instant start = java.time.Instant.parse(phase.get("started_at").asText());
        assertTrue(!start.isBefore(lastEnd.minusMillis(1)), run + ": " + phase + " began before " + lastEnd);
        lastEnd = java.time.Instant.parse(phase.get("ended_at").asText());
      }
    }
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new AssertionError(line, e);
    }
  }

  private static List<CSVRecord> read(Path csv) throws Exception {
    try (Reader in = Files.newBufferedReader(csv)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    }
  }
}
