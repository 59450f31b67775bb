package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ovload.analysis.compare.CompareRuns;
import ovload.analysis.compare.Thresholds;
import ovload.analysis.merge.ShardMerge;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * Three shards of one run ({@code -Dshard=i/3}, each its own Gatling JVM, started together with
 * {@code -DstartAt}) against one stand-in, merged, side by side with the same workload run
 * unsharded against the same stand-in: the merged folder must hold the unsharded run's workload,
 * no shard may have touched another's data, and the merged Gatling report must count what the
 * shards' reports counted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShardedRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int SHARDS = 3;
  private static final double PHASE_SECONDS = 1.5;

  private Path work;
  private Path single;
  private Path merged;
  private final List<Path> shards = new ArrayList<>();
  private ShardMerge.Merged result;
  private Instant startAt;

  @BeforeAll
  void runOnceUnshardedAndOnceInThreeShards() throws Exception {
    work = Files.createDirectories(Path.of("target/test-runs")).resolve("sharded-" + System.nanoTime()).toAbsolutePath();
    single = work.resolve("single");
    merged = work.resolve("sharded");
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT))) {
      GatlingFork.Result unsharded = GatlingFork.run(work, work.resolve("gatling-single"), options(server, "single", single,
          work.resolve("data-single")), 300);
      assertTrue(GatlingFork.passedOrFailedGatesOnly(unsharded), unsharded.output());
      // the common start leaves room for three JVMs to start on a busy machine; a late one begins at once
      startAt = Instant.now().plusSeconds(30);
      List<GatlingFork.Started> started = new ArrayList<>();
      for (int i = 0; i < SHARDS; i++) {
        Path dir = work.resolve("sharded-shard-" + i);
        shards.add(dir);
        Map<String, String> options = options(server, "sharded", dir, work.resolve("data"));
        options.put("shard", i + "/" + SHARDS);
        options.put("startAt", startAt.toString());
        started.add(GatlingFork.start(work, work.resolve("gatling-" + i), options));
      }
      for (GatlingFork.Started s : started) {
        GatlingFork.Result r = s.await(300);
        assertTrue(GatlingFork.passedOrFailedGatesOnly(r), r.output());
      }
    }
    result = ShardMerge.merge(shards, merged);
  }

  private static Map<String, String> options(StandInServer server, String runId, Path out, Path data) {
    Map<String, String> options = GatlingFork.shortSmoke(out.getParent(), "sdk", PHASE_SECONDS);
    options.remove("modelMode");
    options.put("serverUrl", server.baseUrl());
    options.put("runId", runId);
    options.put("outputDir", out.toString());
    options.put("localDataDir", data.toString());
    options.put("resourceCount", "6");
    options.put("sessionCount", "3");
    options.put("messagesPerSession", "2");
    options.put("warmupSeconds", "0"); // no warm-up phases (the generator's own up to 10 s): nothing here reads them
    for (String workers : List.of("resourceConcurrency", "searchConcurrency", "sessionConcurrency", "commitConcurrency",
        "mixedConcurrency")) {
      options.put(workers, "3");
    }
    return options;
  }

  private static List<JsonNode> events(Path dir, String file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve(file))) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static Map<String, Long> counts(List<JsonNode> events) {
    Map<String, Long> counts = new TreeMap<>();
    events.forEach(e -> counts.merge(e.get("adapter").asText() + " " + e.get("scenario").asText() + " "
        + e.get("operation").asText(), 1L, Long::sum));
    return counts;
  }

  @Test
  void theCountPhasesSentExactlyTheUnshardedWorkload() throws IOException {
    Map<String, Long> one = counts(events(single, "request_events.jsonl"));
    Map<String, Long> three = counts(events(merged, "request_events.jsonl"));
    for (String key : List.of("sdk add_resources add_resource", "sdk session_messages add_message",
        "sdk session_commit commit_session")) {
      assertEquals(one.get(key), three.get(key), key + ": unsharded " + one + ", merged " + three);
    }
    assertEquals(6L, three.get("sdk add_resources add_resource"));
    assertEquals(6L, three.get("sdk session_messages add_message"));
    assertEquals(3L, three.get("sdk session_commit commit_session"));
    // each shard waits for the server's processing once, as the unsharded run does
    assertEquals(1L, one.get("sdk add_resources wait_processed"));
    assertEquals((long) SHARDS, three.get("sdk add_resources wait_processed"));
    // the merged folder holds every shard's events, once
    long sum = 0;
    for (Path shard : shards) {
      sum += events(shard, "request_events.jsonl").size();
    }
    assertEquals(sum, events(merged, "request_events.jsonl").size());
    // every merged event is on one clock: its wall-clock start less its elapsed time is the merged run's start
    List<JsonNode> all = events(merged, "request_events.jsonl");
    long start = Instant.parse(all.get(0).get("started_at").asText()).toEpochMilli()
        - (long) Math.floor(all.get(0).get("elapsed_ms_since_run_start").asDouble());
    for (JsonNode e : all) {
      long at = Instant.parse(e.get("started_at").asText()).toEpochMilli();
      assertEquals(start, at - e.get("elapsed_ms_since_run_start").asDouble(), 2.0, e.toString());
    }
  }

  @Test
  void theTimedPhasesRanForTheirDurationInEveryShard() throws IOException {
    for (Path shard : shards) {
      Map<String, double[]> windows = new TreeMap<>();
      for (JsonNode p : JSON.readTree(shard.resolve("phases.json").toFile())) {
        windows.put(p.get("scenario").asText(), new double[] {Instant.parse(p.get("started_at").asText()).toEpochMilli(),
            Instant.parse(p.get("ended_at").asText()).toEpochMilli(), p.get("duration_seconds").asDouble()});
      }
      for (String timed : List.of("retrieval", "mixed")) {
        double seconds = timed.equals("mixed") ? PHASE_SECONDS * 1.5 : PHASE_SECONDS;
        double[] w = windows.get(timed);
        assertTrue(w[2] >= seconds - 0.05 && w[2] < seconds + 5, shard + " " + timed + " lasted " + w[2] + " s");
        long sent = 0;
        for (JsonNode e : events(shard, "request_events.jsonl")) {
          if (e.get("scenario").asText().equals(timed)) {
            long at = Instant.parse(e.get("started_at").asText()).toEpochMilli();
            // a worker starts its loop a little after the phase began on a busy machine: its window ends with the phase
            assertTrue(at >= w[0] && at <= w[1], shard + " " + timed + " request outside its phase: " + e);
            sent++;
          }
        }
        assertTrue(sent > 0, shard + " sent no " + timed + " request");
      }
    }
    // the merged phase spans the shards' phases
    JsonNode phases = JSON.readTree(merged.resolve("phases.json").toFile());
    for (JsonNode p : phases) {
      if (p.get("scenario").asText().equals("retrieval")) {
        assertTrue(p.get("duration_seconds").asDouble() >= PHASE_SECONDS - 0.05, p.toString());
      }
    }
  }

  @Test
  void theShardsBeganTogetherAtTheCommonStart() throws IOException {
    List<Long> onTime = new ArrayList<>();
    for (Path shard : shards) {
      long first = events(shard, "request_events.jsonl").stream()
          .mapToLong(e -> Instant.parse(e.get("started_at").asText()).toEpochMilli()).min().orElseThrow();
      assertTrue(first >= startAt.toEpochMilli(), shard + " sent before -DstartAt: " + Instant.ofEpochMilli(first));
      boolean late = Files.readString(shard.resolve("notes.json")).contains("late: prepared after it");
      if (!late) {
        onTime.add(first);
      }
    }
    // a shard that was ready in time sent its first request right at the common start
    onTime.forEach(first -> assertEquals(startAt.toEpochMilli(), first, 3000, "first request vs -DstartAt"));
  }

  @Test
  void noShardTouchedAnothersData() throws IOException {
    Set<String> uris = new HashSet<>();
    Set<String> sessions = new HashSet<>();
    Set<String> roots = new HashSet<>();
    Set<String> prefixes = new HashSet<>();
    for (int i = 0; i < SHARDS; i++) {
      JsonNode config = JSON.readTree(shards.get(i).resolve("run_config.json").toFile());
      String root = config.get("data_root_uri").asText();
      String prefix = config.get("session_prefix").asText();
      assertEquals("viking://resources/bench/load_test/shard-" + i, root);
      assertTrue(roots.add(root) && prefixes.add(prefix), root + " " + prefix);
      Set<String> mySessions = new HashSet<>();
      for (JsonNode e : events(shards.get(i), "request_events.jsonl")) {
        String uri = e.path("resource_uri").asText("");
        if (e.get("operation").asText().equals("add_resource")) {
          assertTrue(uri.startsWith(root + "/"), "shard " + i + " wrote outside its root: " + uri);
          assertTrue(uris.add(uri), "two add_resource calls wrote " + uri);
        }
        String session = e.path("session_id").asText("");
        if (!session.isEmpty()) {
          assertTrue(session.startsWith(prefix), "shard " + i + " used another's session: " + session);
          mySessions.add(session);
        }
      }
      mySessions.forEach(s -> assertTrue(sessions.add(s), "two shards used " + s));
    }
    // 3 sessions in all, one per shard (sessions k mod 3), each with its two messages and its commit
    assertEquals(3, sessions.size(), sessions.toString());
    assertTrue(uris.size() >= 6, "the 6 documents and the mixed phase's: " + uris);
    // each shard's local folder lies in the common one, which is marked ovload's for a later unsharded run to wipe
    for (int i = 0; i < SHARDS; i++) {
      assertEquals(work.resolve("data/shard-" + i).toString(),
          JSON.readTree(shards.get(i).resolve("run_config.json").toFile()).get("local_data_dir").asText());
    }
    assertTrue(Files.exists(work.resolve("data").resolve(LocalData.MARKER)));
    JsonNode config = JSON.readTree(merged.resolve("run_config.json").toFile());
    assertEquals("viking://resources/bench/load_test", config.get("data_root_uri").asText());
    assertEquals("bench-load-", config.get("session_prefix").asText());
  }

  @Test
  void everyTaskIsAccountedFor() throws IOException {
    Set<String> started = new HashSet<>();
    for (JsonNode e : events(merged, "request_events.jsonl")) {
      String op = e.get("operation").asText();
      String task = e.path("task_id").asText("");
      if ((op.equals("add_resource") || op.equals("commit_session")) && !task.isEmpty()) {
        started.add(task);
      }
    }
    List<JsonNode> tasks = events(merged, "task_events.jsonl");
    Set<String> ended = new HashSet<>();
    tasks.forEach(t -> assertTrue(ended.add(t.get("task_id").asText()), "one task event per task: " + t));
    assertEquals(started, ended);
    assertFalse(started.isEmpty());
    long sum = 0;
    for (Path shard : shards) {
      sum += events(shard, "task_events.jsonl").size();
    }
    assertEquals(sum, tasks.size());
  }

  @Test
  void theMergedGatlingReportCountsWhatTheShardsCounted() throws IOException {
    Map<String, Long> sum = new TreeMap<>();
    long total = 0;
    for (Path shard : shards) {
      JsonNode stats = JSON.readTree(GatlingFork.gatlingReport(shard).resolve("js/stats.json").toFile());
      total += stats.at("/stats/numberOfRequests/total").asLong();
      stats.get("contents").forEach(c -> sum.merge(c.get("name").asText(), c.at("/stats/numberOfRequests/total").asLong(),
          Long::sum));
    }
    JsonNode stats = JSON.readTree(GatlingFork.gatlingReport(merged).resolve("js/stats.json").toFile());
    assertEquals(total, stats.at("/stats/numberOfRequests/total").asLong());
    Map<String, Long> mergedCounts = new TreeMap<>();
    stats.get("contents").forEach(c -> mergedCounts.put(c.get("name").asText(), c.at("/stats/numberOfRequests/total").asLong()));
    assertEquals(sum, mergedCounts);
    assertEquals(total, result.gatling().requests());
    assertTrue(Files.exists(GatlingFork.gatlingReport(merged).resolve("index.html")));
    // and Gatling's counts agree with the merged events, name by name (the post-processor's reconciliation)
    JsonNode summary = JSON.readTree(merged.resolve("run_summary.json").toFile());
    summary.get("reconciliation").forEach(r -> assertTrue(r.get("match").asBoolean(), r.toString()));
    assertEquals(SHARDS, summary.get("shards").size());
  }

  @Test
  void gatesAndCompareReadTheMergedFolderAsAnyOther() throws IOException {
    assertTrue(Files.exists(merged.resolve("gates.xml")));
    assertTrue(Files.readString(merged.resolve("summary.md")).contains("merged from 3 shards"));
    CompareRuns.Comparison comparison = CompareRuns.compare(single, merged, Thresholds.DEFAULTS);
    CompareRuns.write(comparison, single, merged, work.resolve("comparison"));
    assertTrue(Files.exists(work.resolve("comparison/comparison.csv")));
  }

  @Test
  void aPartialMergeTakesTheShardsThatFinishedAndNamesTheOthers() throws Exception {
    // shard 1 killed on the way (no run_outcome.json), shard 2 never started (no folder)
    Path partial = Files.createDirectories(work.resolve("partial"));
    List<Path> copies = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Path copy = partial.resolve("p-shard-" + i);
      try (var files = Files.walk(shards.get(i))) {
        for (Path f : (Iterable<Path>) files::iterator) {
          Files.copy(f, copy.resolve(shards.get(i).relativize(f).toString()));
        }
      }
      copies.add(copy);
    }
    Files.delete(copies.get(1).resolve("run_outcome.json"));
    Path out = partial.resolve("p");

    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    java.io.PrintStream original = System.err;
    int strict;
    int partialExit;
    try {
      System.setErr(new java.io.PrintStream(err, true));
      strict = ovload.tools.Ovload.run("merge", out.toString());
      partialExit = ovload.tools.Ovload.run("merge", "--partial", out.toString());
    } finally {
      System.setErr(original);
    }
    String messages = err.toString();
    assertEquals(2, strict, messages);
    assertTrue(messages.contains("--partial merges the shards that finished"), messages);
    assertEquals(4, partialExit, messages);
    assertTrue(messages.contains("not merged: shard 1 (" + copies.get(1) + "): its run did not end"), messages);
    assertTrue(messages.contains("not merged: shard 2: no run folder"), messages);
    assertTrue(messages.contains("PARTIAL: 1 of 3 shards merged (exit 4)"), messages);
    JsonNode summary = JSON.readTree(out.resolve("run_summary.json").toFile());
    assertEquals(1, summary.get("shards").size());
    assertTrue(Files.readString(out.resolve("notes.json")).contains("PARTIAL: 1 of 3 shards finished"));
    assertEquals(events(shards.get(0), "request_events.jsonl").size(), events(out, "request_events.jsonl").size());
  }
}
