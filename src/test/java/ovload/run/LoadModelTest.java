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
import org.junit.jupiter.api.Test;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * Against a deliberately slow stand-in (every retrieval takes 200 ms), open-model arrivals keep
 * their rate while the closed model's two workers can only send what the latency lets them.
 */
class LoadModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SECONDS = 3;
  private static final double RATE = 20;

  private static Path work(String name) throws Exception {
    return Files.createDirectories(Path.of("target/test-runs")).resolve(name + "-" + System.nanoTime()).toAbsolutePath();
  }

  private static List<JsonNode> retrieval(boolean open) throws Exception {
    Path work = work(open ? "open" : "closed");
    Map<String, String> options = GatlingFork.coldSmoke(work, "cli-http", SECONDS);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("searchConcurrency", "2");
    options.put("mixedSeconds", "1");
    options.put("standinRetrievalDelayMs", "200");
    if (open) {
      options.put("loadModel", "open");
      options.put("retrievalRate", Double.toString(RATE));
      options.put("mixedRate", "5");
    }
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 300);
    // the smoke profile's latency gates may fail on a busy machine; the events are written either way
    assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(work.resolve("run/request_events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      if (e.get("scenario").asText().equals("retrieval")) {
        events.add(e);
      }
    }
    return events;
  }

  @Test
  void openArrivalsKeepTheirRateWhereTheClosedModelSlowsDown() throws Exception {
    List<JsonNode> open = retrieval(true);
    List<JsonNode> closed = retrieval(false);
    double target = RATE * SECONDS;
    assertTrue(Math.abs(open.size() - target) <= 0.1 * target, "open model: " + open.size() + " of " + target + " arrivals");
    // two workers, each request at least 200 ms: at most 10 a second
    assertTrue(closed.size() <= 2 * SECONDS / 0.2 + 2, "closed model: " + closed.size() + " requests");
    assertTrue(closed.size() < 0.6 * open.size(), "closed " + closed.size() + " vs open " + open.size());
    for (JsonNode e : open) {
      assertTrue(e.has("latency_from_intended_ms"), e.toString());
      // a request is sent at or after its scheduled arrival: what a user waited is never less than the latency
      assertTrue(e.get("latency_from_intended_ms").asDouble() >= e.get("latency_ms").asDouble(), e.toString());
      assertTrue(e.get("latency_ms").asDouble() >= 195, "the stand-in was slow: " + e);
    }
    closed.forEach(e -> assertTrue(!e.has("latency_from_intended_ms"), "closed-model lines keep the spec's fields"));
  }

  /**
   * Every tenth arrival is held back 300 ms on the generator's side: exactly those requests show a
   * gap of about 300 ms between the latency from the scheduled arrival and the latency, the others
   * a few ms; the report's side-by-side table states the same gaps.
   */
  @Test
  void arrivalsHeldBackOnTheGeneratorShowTheirWaitAndNoOthers() throws Exception {
    Path work = work("held");
    Map<String, String> options = GatlingFork.coldSmoke(work, "sdk", SECONDS);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("mixedSeconds", "1");
    options.put("loadModel", "open");
    options.put("retrievalRate", "10");
    options.put("mixedRate", "10");
    options.put("testHoldBackMs", "300");
    // the server in this JVM: the generator's JVM only generates, so its own lateness stays small
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT))) {
      options.remove("modelMode");
      options.put("serverUrl", server.baseUrl());
      GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 300);
      // the smoke profile's latency gates may fail on a busy machine; the reports are written either way
      assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    }
    List<Double> heldGaps = new ArrayList<>();
    List<Double> otherGaps = new ArrayList<>();
    Map<String, List<Double>> retrievalGaps = new java.util.TreeMap<>();
    for (String line : Files.readAllLines(work.resolve("run/request_events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      String scenario = e.get("scenario").asText();
      if (!scenario.equals("retrieval") && !scenario.equals("mixed")) {
        assertTrue(!e.has("latency_from_intended_ms"), "closed phases keep the spec's fields: " + line);
        continue;
      }
      double gap = e.get("latency_from_intended_ms").asDouble() - e.get("latency_ms").asDouble();
      assertTrue(gap >= 0, line);
      (e.get("worker_id").asInt() % 10 == 0 ? heldGaps : otherGaps).add(gap);
      if (scenario.equals("retrieval")) {
        retrievalGaps.computeIfAbsent(e.get("operation").asText(), k -> new ArrayList<>()).add(gap);
      }
    }
    otherGaps.sort(null);
    heldGaps.sort(null);
    double otherMedian = otherGaps.get(otherGaps.size() / 2);
    double heldMedian = heldGaps.get(heldGaps.size() / 2);
    System.out.println("held back: " + heldGaps.size() + " gaps " + heldGaps + "; others: " + otherGaps.size()
        + ", median " + otherMedian + " ms, p90 " + otherGaps.get(otherGaps.size() * 9 / 10) + " ms, max "
        + otherGaps.get(otherGaps.size() - 1) + " ms");
    assertEquals(3 + 1, heldGaps.size(), "every tenth of 30 retrieval and 10 mixed arrivals");
    // a held request waits its 300 ms on top of whatever the generator adds to every request
    heldGaps.forEach(g -> assertTrue(g >= 299, "held back 300 ms: " + heldGaps));
    // on an idle machine the others' gaps are a few ms; a busy one (two cores, many JVMs) adds tens
    assertTrue(otherMedian < 50, "the others were sent on time: " + otherGaps);
    assertEquals(300, heldMedian - otherMedian, 100, "held " + heldGaps + " vs others " + otherGaps);
    // the report's side-by-side table, against the events: count and largest gap per retrieval operation
    assertTrue(Files.readString(work.resolve("run/summary.md")).contains("## Open model: latency from the send"));
    List<String> rows = Files.readAllLines(work.resolve("run/intended_latency.csv"));
    List<String> header = List.of(rows.get(0).split(","));
    int checked = 0;
    for (String line : rows.subList(1, rows.size())) {
      String[] cells = line.split(",");
      if (!cells[1].equals("retrieval")) {
        continue;
      }
      List<Double> gaps = retrievalGaps.get(cells[2]);
      assertEquals(gaps.size(), Integer.parseInt(cells[header.indexOf("requests")]), line);
      assertEquals(gaps.stream().mapToDouble(d -> d).max().orElseThrow(),
          Double.parseDouble(cells[header.indexOf("gap_max_ms")]), 0.01, line);
      checked++;
    }
    assertEquals(retrievalGaps.size(), checked, rows.toString());
  }
}
