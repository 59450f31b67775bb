package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.model.LatencyBreakdown;
import ovload.support.PythonFormat;

/**
 * The end of every shift line: what its named parts leave out, checked against figures computed
 * here by hand and from the fixed run's events with a percentile of this test's own.
 */
class ShiftLineTest {
  static final Path FIXTURE = Path.of("src/test/resources/runs/breakdown");
  @TempDir Path runDir;

  private static String search(String phase, double latency, double server, String stages, int queries) {
    return "{\"adapter\":\"sdk\",\"scenario\":\"" + phase + "\",\"operation\":\"search\",\"latency_ms\":" + latency
        + ",\"success\":true,\"server_ms\":" + server + ",\"telemetry_ms\":" + (server - 1) + ",\"stages_ms\":{" + stages
        + "},\"typed_queries\":" + queries + "}";
  }

  /**
   * Must fire: a mixed search of three concurrent queries. Its stages allow at least 10 + 20 + (90 + 60) / 3
   * = 80 ms of wall-clock time, so at most 400 - 80 = 320 ms are in no named stage; alone, one query: 100 -
   * (10 + 20 + 30) = 40 ms. The line says +280.00 and that it is a bound, with its counts.
   */
  @Test
  void concurrentQueriesGiveABoundAndSaySo() throws Exception {
    Files.write(runDir.resolve("request_events.jsonl"), List.of(
        search("retrieval", 110, 100, "\"target_abstract\":10.0,\"embed_query\":20.0,\"vector_retrieval\":30.0", 1),
        search("mixed", 430, 400, "\"target_abstract\":10.0,\"intent_analysis\":20.0,\"embed_query\":90.0,\"vector_retrieval\":60.0", 3)));
    String line = BreakdownSection.shiftLine(LatencyBreakdown.read(runDir), "sdk", "search");
    assertEquals("- `sdk` search p95 +320.00 ms under mixed load (110.00 -> 430.00 ms): target_abstract +0.00, embed_query"
        + " +70.00, vector_retrieval +30.00, intent_analysis +20.00, client and network +20.00; not in any named stage:"
        + " +280.00 ms (p95 40.00 -> 320.00 ms; an upper bound: 0 of 1 requests alone and 1 of 1 mixed ran several"
        + " queries at once, whose summed stages count at the least wall-clock time they allow, target_abstract +"
        + " intent_analysis + (embed_query + vector_retrieval) / queries).", line);
  }

  /** Must not fire: searches of one query each have an exact remainder, said without a bound. */
  @Test
  void oneQueryEachIsExact() throws Exception {
    Files.write(runDir.resolve("request_events.jsonl"), List.of(
        search("retrieval", 110, 100, "\"embed_query\":20.0,\"vector_retrieval\":30.0", 1),
        search("mixed", 330, 300, "\"embed_query\":40.0,\"vector_retrieval\":60.0", 1)));
    String line = BreakdownSection.shiftLine(LatencyBreakdown.read(runDir), "sdk", "search");
    assertTrue(line.endsWith("; not in any named stage: +150.00 ms (p95 50.00 -> 200.00 ms)."), line);
    assertFalse(line.contains("bound"), line);
  }

  /** Every adapter's search and find line of the fixed run ends with the remainder computed here from the events. */
  @Test
  void theFixedRunsRemaindersMatchAnIndependentComputation() throws Exception {
    LatencyBreakdown b = LatencyBreakdown.read(FIXTURE);
    for (String adapter : List.of("sdk", "cli-http", "cli-subprocess")) {
      for (String op : List.of("find", "search")) {
        String line = BreakdownSection.shiftLine(b, adapter, op);
        if (adapter.equals("cli-subprocess") && op.equals("find")) { // no server time: the sdk path's own shift
          double sdkShift = p95(observed("sdk", "mixed", op)) - p95(observed("sdk", "retrieval", op));
          assertTrue(line.endsWith("; not in any named part: " + signed(sdkShift) + " ms (the `sdk` path's own p95 shift)."), line);
          double difference = p95(observed(adapter, "mixed", op)) - p95(observed("sdk", "mixed", op))
              - (p95(observed(adapter, "retrieval", op)) - p95(observed("sdk", "retrieval", op)));
          assertTrue(line.contains(": difference from the `sdk` path at the same percentile " + signed(difference) + ";"), line);
          continue;
        }
        double alone = p95(remainders(adapter, "retrieval", op));
        double mixed = p95(remainders(adapter, "mixed", op));
        assertTrue(line.contains("; not in any named stage: " + signed(mixed - alone) + " ms (p95 "
            + PythonFormat.fixed(alone, 2) + " -> " + PythonFormat.fixed(mixed, 2) + " ms"), line);
        assertEquals(op.equals("search") && !adapter.equals("cli-subprocess"), line.contains("an upper bound"), line);
      }
    }
  }

  private static final Set<String> PER_QUERY = Set.of("embed_query", "vector_retrieval");

  /** Server minus the stages' least wall-clock time, per successful request with a server time. */
  private static List<Double> remainders(String adapter, String phase, String op) throws Exception {
    List<Double> out = new ArrayList<>();
    for (JsonNode e : events(adapter, phase, op)) {
      if (e.has("server_ms")) {
        double least = 0;
        int queries = Math.max(1, e.path("typed_queries").asInt(1));
        if (e.has("telemetry_ms")) {
          for (var stage : (Iterable<java.util.Map.Entry<String, JsonNode>>) () -> e.path("stages_ms").fields()) {
            least += stage.getValue().asDouble() / (PER_QUERY.contains(stage.getKey()) ? queries : 1);
          }
        }
        out.add(e.get("server_ms").asDouble() - least);
      }
    }
    return out;
  }

  private static List<Double> observed(String adapter, String phase, String op) throws Exception {
    List<Double> out = new ArrayList<>();
    events(adapter, phase, op).forEach(e -> out.add(e.get("latency_ms").asDouble()));
    return out;
  }

  private static List<JsonNode> events(String adapter, String phase, String op) throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      JsonNode e = json.readTree(line);
      if (e.path("success").asBoolean() && e.path("adapter").asText().equals(adapter)
          && e.path("scenario").asText().equals(phase) && e.path("operation").asText().equals(op)) {
        out.add(e);
      }
    }
    return out;
  }

  /** The spec's percentile: linear between the two nearest ranks. */
  private static double p95(List<Double> values) {
    List<Double> v = new ArrayList<>(values);
    Collections.sort(v);
    double rank = 0.95 * (v.size() - 1);
    int lo = (int) Math.floor(rank);
    int hi = (int) Math.ceil(rank);
    return v.get(lo) + (v.get(hi) - v.get(lo)) * (rank - lo);
  }

  private static String signed(double ms) {
    return (ms >= 0 ? "+" : "") + PythonFormat.fixed(ms, 2);
  }
}
