package ovload.simulation;

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

/**
 * Against a deliberately slow stand-in (every retrieval takes 200 ms), open-model arrivals keep
 * their rate while the closed model's two workers can only send what the latency lets them.
 */
class LoadModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double SECONDS = 3;
  private static final double RATE = 20;

  private static List<JsonNode> retrieval(boolean open) throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve((open ? "open-" : "closed-") + System.nanoTime())
        .toAbsolutePath();
    Map<String, String> options = GatlingFork.shortSmoke(work, "cli-http", SECONDS);
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
    assertEquals(0, result.exitCode(), result.output());
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
      // the schedule is reconstructed from the first arrival; the injector's own jitter is a few ms either way
      assertTrue(e.get("latency_from_intended_ms").asDouble() >= e.get("latency_ms").asDouble() - 15, e.toString());
      assertTrue(e.get("latency_ms").asDouble() >= 195, "the stand-in was slow: " + e);
    }
    closed.forEach(e -> assertTrue(!e.has("latency_from_intended_ms"), "closed-model lines keep the spec's fields"));
  }
}
