package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The error rate is the share of calls that fail, with the configured status and OpenAI's error body. */
class ErrorInjectionTest {
  @Test
  void rateLimitsAtTheConfiguredRate() throws Exception {
    try (MockModelServer server = MockHttp.start("--error-rate", "0.3", "--error-status", "429", "--seed", "11")) {
      MockHttp http = new MockHttp(server);
      int errors = 0;
      for (int i = 0; i < 200; i++) {
        MockHttp.Reply r = i % 2 == 0 ? http.embed("\"x\"", "") : http.chat("x", "");
        if (r.status() != 200) {
          errors++;
          assertEquals(429, r.status());
          assertEquals("1", r.raw().headers().firstValue("Retry-After").orElse(null));
          assertEquals("rate_limit_exceeded", r.body().get("error").get("code").asText());
          assertTrue(r.body().get("error").get("message").isTextual() && r.body().get("error").has("type"));
        }
      }
      double share = errors / 200.0;
      assertTrue(share >= 0.2 && share <= 0.4, "error share " + share);
      ModelStats.Snapshot embed = server.stats().of(ModelStats.Endpoint.EMBEDDINGS);
      ModelStats.Snapshot chat = server.stats().of(ModelStats.Endpoint.CHAT);
      assertEquals(errors, embed.errorsInjected() + chat.errorsInjected());
      assertEquals(200, embed.calls() + chat.calls(), "failed calls count as calls");
    }
  }

  @Test
  void serverErrorsWhenAskedFor() throws Exception {
    try (MockModelServer server = MockHttp.start("--error-rate", "1", "--error-status", "500")) {
      MockHttp.Reply r = new MockHttp(server).chat("x", "");
      assertEquals(500, r.status());
      assertEquals("server_error", r.body().get("error").get("type").asText());
      assertTrue(r.raw().headers().firstValue("Retry-After").isEmpty());
    }
  }

  @Test
  void rateZeroNeverFails() throws Exception {
    try (MockModelServer server = MockHttp.start("--error-rate", "0")) {
      MockHttp http = new MockHttp(server);
      for (int i = 0; i < 100; i++) {
        assertEquals(200, http.embed("\"x\"", "").status());
      }
      assertEquals(0, server.stats().of(ModelStats.Endpoint.EMBEDDINGS).errorsInjected());
    }
  }
}
