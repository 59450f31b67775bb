package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The stats count what was called, reset to zero, and interpolate percentiles as documented. */
class ModelStatsTest {
  @Test
  void countsEqualTheCallsMadeAndResetZeroes() throws Exception {
    try (MockModelServer server = MockHttp.start("--reply", "one two three")) {
      MockHttp http = new MockHttp(server);
      for (int i = 0; i < 3; i++) {
        http.embed("[\"a b\",\"c\"]", "");
      }
      http.chat("four words here now", "");
      http.chat("x", ",\"stream\":true");
      http.chat("x", ",\"stream\":true");
      http.post("/v1/embeddings", "{broken"); // a 400 is no model call
      JsonNode stats = http.get("/mock/stats").body();
      JsonNode embeddings = stats.get("embeddings");
      assertEquals(3, embeddings.get("calls").asInt());
      assertEquals(9, embeddings.get("input_tokens").asInt());
      assertEquals(0, embeddings.get("output_tokens").asInt());
      assertEquals(1, stats.get("chat").get("calls").asInt());
      assertEquals(4, stats.get("chat").get("input_tokens").asInt());
      assertEquals(3, stats.get("chat").get("output_tokens").asInt());
      assertEquals(2, stats.get("chat_stream").get("calls").asInt());
      assertEquals(6, stats.get("chat_stream").get("output_tokens").asInt());
      for (String field : new String[] {"errors_injected", "model_time_ms", "latency_p50_ms", "latency_p95_ms",
          "latency_max_ms", "in_flight", "max_in_flight", "waited_for_permit", "waited_ms"}) {
        assertEquals(true, embeddings.has(field), field);
      }
      assertEquals(1, embeddings.get("max_in_flight").asInt());
      JsonNode reset = http.post("/mock/stats/reset", "").body();
      for (String endpoint : new String[] {"embeddings", "chat", "chat_stream"}) {
        assertEquals(0, reset.get(endpoint).get("calls").asInt());
        assertEquals(0, reset.get(endpoint).get("input_tokens").asInt());
        assertEquals(true, reset.get(endpoint).get("latency_p50_ms").isNull());
      }
      assertEquals(0, http.get("/mock/stats").body().get("chat").get("calls").asInt());
    }
  }

  @Test
  void percentilesInterpolateBetweenClosestRanks() {
    ModelStats stats = new ModelStats();
    ModelStats.Counters counters = stats.counters(ModelStats.Endpoint.CHAT);
    assertNull(stats.of(ModelStats.Endpoint.CHAT).latencyP50Ms());
    for (double ms : new double[] {50, 10, 40, 20, 30}) {
      counters.answered(1, 1, 0, ms);
    }
    ModelStats.Snapshot s = stats.of(ModelStats.Endpoint.CHAT);
    // sorted 10 20 30 40 50; rank = p/100 x (n-1): p50 -> rank 2 = 30; p95 -> rank 3.8 = 40 + 0.8 x 10 = 48
    assertEquals(30.0, s.latencyP50Ms(), 1e-9);
    assertEquals(48.0, s.latencyP95Ms(), 1e-9);
    assertEquals(50.0, s.latencyMaxMs(), 1e-9);
  }
}
