package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ovload.model.RequestName;

/**
 * The smoke profile with all three adapters against the embedded stand-in, phases shortened, run
 * as {@code mvn gatling:test} runs it ({@link SmokeRun}); every assertion reads the run folder's files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmokeRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ADAPTERS = SmokeRun.ADAPTERS;
  private static final int RESOURCES = SmokeRun.RESOURCES;
  private static final int SESSIONS = SmokeRun.SESSIONS;
  private static final int MESSAGES = SmokeRun.MESSAGES;

  private Path work;
  private Path runDir;
  private GatlingFork.Result result;
  private List<JsonNode> events;
  private List<JsonNode> tasks;
  /** What reached the proxy that stands in for the internet: Gatling's analytics and version check, if at all. */
  private List<String> outbound;

  @BeforeAll
  void runSmokeProfile() throws Exception {
    SmokeRun smoke = SmokeRun.get();
    work = smoke.work();
    runDir = smoke.runDir();
    result = smoke.result();
    outbound = smoke.outbound();
    assertEquals(0, result.exitCode(), result.output());
    events = lines(runDir.resolve("request_events.jsonl"));
    tasks = lines(runDir.resolve("task_events.jsonl"));
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private long count(String adapter, String scenario, String operation) {
    return events.stream().filter(e -> e.get("adapter").asText().equals(adapter)
        && e.get("scenario").asText().equals(scenario) && e.get("operation").asText().equals(operation)).count();
  }

  @Test
  void aRunOfOurJavaCliSaysSoFirstAndRecordsIt() throws IOException {
    JsonNode ov = JSON.readTree(runDir.resolve("run_config.json").toFile()).get("ov_cli");
    assertEquals(Path.of("bin/ov").toAbsolutePath().toString(), ov.get("path").asText());
    assertEquals("-DovBin", ov.get("source").asText());
    assertTrue(ov.get("project_cli").asBoolean(), ov.toString());
    String summary = Files.readString(runDir.resolve("summary.md"));
    assertTrue(summary.contains("## Key findings\n- `cli-subprocess` ran this project's Java CLI"), summary);
    assertEquals(ov, JSON.readTree(runDir.resolve("run_summary.json").toFile()).get("ov_cli"));
  }

  /**
   * The one forked run of the suite whose stand-in warms up, as a user's does by default; the others
   * skip it. The generator's own warm-up says how long it took, once per adapter that has one.
   */
  @Test
  void theEmbeddedStandInWarmedUpBeforeItListened() {
    assertTrue(result.output().contains("ovload standin: warmed up in "), result.output());
    assertFalse(result.output().contains("not warmed up"), result.output());
    assertEquals(1, java.util.regex.Pattern.compile("ovload: sdk generator warmed up in \\d+[.,]\\d s \\(\\d+ requests, ")
        .matcher(result.output()).results().count(), result.output());
  }

  @Test
  void gatlingCalledNothingButTheTarget() {
    assertEquals(List.of(), outbound, "requests to the stand-in internet (analytics, version check, warm-up)");
  }

  @Test
  void resourcesWereSampledOncePerSecondOfTheRun() throws IOException {
    List<String> rows = Files.readAllLines(runDir.resolve("resources.csv"));
    JsonNode phases = JSON.readTree(runDir.resolve("phases.json").toFile());
    double first = Double.MAX_VALUE;
    double last = 0;
    for (JsonNode p : phases) {
      first = Math.min(first, java.time.Instant.parse(p.get("started_at").asText()).toEpochMilli());
      last = Math.max(last, java.time.Instant.parse(p.get("ended_at").asText()).toEpochMilli());
    }
    double seconds = (last - first) / 1000;
    // the sampler also runs through the generator's own unrecorded warm-up, before the first phase
    final double from = first;
    final double to = last;
    long inPhases = rows.stream().skip(1).map(r -> java.time.Instant.parse(r.split(",", -1)[1]).toEpochMilli())
        .filter(t -> t >= from && t <= to).count();
    assertTrue(Math.abs(inPhases - seconds) <= 3, inPhases + " samples over " + seconds + " s of load");
    assertTrue(rows.get(1).split(",", -1)[8].matches("\\d+\\.\\d+"), "the embedded stand-in's CPU is sampled: " + rows.get(1));
    assertTrue(rows.get(rows.size() - 1).split(",", -1)[14].matches("\\d+"), "the queue observer is sampled");
  }

  @Test
  void everyPhaseOfTheSpecRanForEveryAdapter() throws IOException {
    JsonNode phases = JSON.readTree(runDir.resolve("phases.json").toFile());
    Set<String> seen = new HashSet<>();
    phases.forEach(p -> seen.add(p.get("adapter").asText() + "|" + p.get("scenario").asText()));
    for (String a : ADAPTERS) {
      for (String phase : List.of("warmup", "add_resources", a + ":resource_drain", "session_messages", "retrieval",
          "session_commit", a + ":commit_drain", "mixed", a + ":mixed_drain")) {
        assertTrue(seen.contains(a + "|" + phase), "missing phase " + a + " " + phase + " in " + seen);
      }
    }
    phases.forEach(p -> assertTrue(p.get("duration_seconds").asDouble() >= 0));
    // phases of one adapter run one after another, adapters in the order given
    List<String> order = new ArrayList<>();
    phases.forEach(p -> order.add(p.get("adapter").asText()));
    assertEquals(ADAPTERS, order.stream().filter(ADAPTERS::contains).distinct().toList());
  }

  @Test
  void countPhasesDoExactlyTheirWork() {
    for (String a : ADAPTERS) {
      assertEquals(RESOURCES, count(a, "add_resources", "add_resource"), a);
      assertEquals(1, count(a, "add_resources", "wait_processed"), a);
      assertEquals(SESSIONS * MESSAGES, count(a, "session_messages", "add_message"), a);
      List<String> committed = events.stream()
          .filter(e -> e.get("adapter").asText().equals(a) && e.get("scenario").asText().equals("session_commit"))
          .map(e -> e.get("session_id").asText()).sorted().toList();
      assertEquals(SESSIONS, committed.size(), a);
      assertEquals(SESSIONS, new HashSet<>(committed).size(), "one commit per session: " + committed);
      committed.forEach(id -> assertTrue(id.matches("bench-load-\\d{8}T\\d{6}Z-" + a + "-\\d{4}"), id));
      Map<String, Long> roles = events.stream()
          .filter(e -> e.get("adapter").asText().equals(a) && e.get("scenario").asText().equals("session_messages"))
          .collect(Collectors.groupingBy(e -> e.get("session_id").asText(), Collectors.counting()));
      roles.values().forEach(n -> assertEquals(MESSAGES, n.longValue()));
    }
  }

  @Test
  void timedPhasesDrawTheSpecsOperations() {
    for (String a : ADAPTERS) {
      Set<String> retrieval = events.stream()
          .filter(e -> e.get("adapter").asText().equals(a) && e.get("scenario").asText().equals("retrieval"))
          .map(e -> e.get("operation").asText()).collect(Collectors.toSet());
      assertTrue(Set.of("find", "search", "grep", "glob").containsAll(retrieval), retrieval.toString());
      assertTrue(retrieval.contains("find"), a + " retrieval ran no find");
      Set<String> mixed = events.stream()
          .filter(e -> e.get("adapter").asText().equals(a) && e.get("scenario").asText().equals("mixed"))
          .map(e -> e.get("operation").asText()).collect(Collectors.toSet());
      assertTrue(Set.of("find", "search", "add_message", "commit_session", "add_resource", "observer_queue",
          "system_status").containsAll(mixed), mixed.toString());
    }
  }

  @Test
  void everyRequestSucceededAndEveryTaskCompleted() {
    List<JsonNode> failed = events.stream().filter(e -> !e.get("success").asBoolean()).toList();
    assertTrue(failed.isEmpty(), "failed requests: " + failed.stream().limit(5).toList());
    assertFalse(tasks.isEmpty());
    tasks.forEach(t -> assertEquals("completed", t.get("status").asText(), t.toString()));
    long submitted = events.stream().filter(e -> Set.of("add_resource", "commit_session")
        .contains(e.get("operation").asText()) && !e.get("task_id").isNull()).count();
    assertEquals(submitted, tasks.size(), "one task event per submitted task");
    Set<String> ids = tasks.stream().map(t -> t.get("task_id").asText()).collect(Collectors.toSet());
    assertEquals(tasks.size(), ids.size(), "no task recorded twice");
  }

  @Test
  void cliSubprocessEventsCarryTheirCommandLine() {
    events.stream().filter(e -> e.get("adapter").asText().equals("cli-subprocess")).forEach(e -> {
      String command = e.get("command").asText();
      assertTrue(command.contains(" --output json --compact "), command);
      assertEquals(command.contains("--no-progress"), command.contains("add-resource"), command);
      assertEquals(0, e.get("status_code").asInt());
    });
  }

  @Test
  void eventsMatchGatlingsStatsNameByName() throws IOException {
    Path stats = GatlingFork.gatlingReport(runDir).resolve("js/stats.json");
    assertTrue(Files.exists(stats), "the Gatling report was copied into the run folder");
    Map<String, Long> gatling = new TreeMap<>();
    JSON.readTree(stats.toFile()).get("contents").forEach(entry ->
        gatling.put(entry.get("name").asText(), entry.get("stats").get("numberOfRequests").get("total").asLong()));
    Map<String, Long> ours = new TreeMap<>();
    events.forEach(e -> ours.merge(RequestName.of(e.get("adapter").asText(), e.get("scenario").asText(),
        e.get("operation").asText()), 1L, Long::sum));
    assertEquals(gatling, ours);
  }

  @Test
  void runFolderHoldsTheConfigurationWithoutTheKeyAndPrintsWhereItIs() throws IOException {
    String config = Files.readString(runDir.resolve("run_config.json"));
    assertTrue(config.contains("\"api_key\" : \"***redacted***\""), config);
    assertFalse(config.contains("test-root-api-key"));
    assertTrue(result.output().contains("ovload run folder: " + runDir), result.output());
    assertFalse(result.output().contains("test-root-api-key"), "the key never reaches the console");
    try (var files = Files.walk(runDir)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains("test-root-api-key"),
            "the key never reaches the run folder: " + file);
      }
    }
    // the CLI config with the key is removed; what stays (the ov's private HOME) holds no key
    try (var left = Files.walk(work.resolve("data/runtime"))) {
      for (Path file : left.filter(Files::isRegularFile).toList()) {
        assertFalse(file.getFileName().toString().endsWith(".ovcli.conf"), "the CLI config is removed: " + file);
        assertFalse(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1).contains("test-root-api-key"),
            "the key never stays in the local data: " + file);
      }
    }
  }
}
