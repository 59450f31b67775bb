package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The prompts OpenViking 0.5.2 renders (recorded with scripts/check-mock-prompts.sh --write-prompts,
 * which also runs the server's own parsers on these replies) are recognised and answered in the
 * format the server parses.
 */
class PromptsTest {
  static String recorded(String kind) throws IOException {
    try (InputStream in = PromptsTest.class.getResourceAsStream("/openviking-0.5.2/prompts/" + kind + ".txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void eachRecordedPromptIsRecognised() throws Exception {
    assertEquals(Prompts.Kind.INTENT_ANALYSIS, Prompts.kind(recorded("intent_analysis")));
    assertEquals(Prompts.Kind.INTENT_ANALYSIS, Prompts.kind(recorded("intent_analysis_typed")));
    assertEquals(Prompts.Kind.MEMORY_EXTRACTION, Prompts.kind(recorded("memory_extraction")));
    assertEquals(Prompts.Kind.OVERVIEW, Prompts.kind(recorded("overview")));
    assertEquals(Prompts.Kind.SUMMARY, Prompts.kind(recorded("summary")));
    assertEquals(Prompts.Kind.OTHER, Prompts.kind("hello"));
  }

  @Test
  void intentAnalysisGetsAQueryPlanForTheCurrentMessage() throws Exception {
    JsonNode plan = MockHttp.JSON.readTree(Prompts.reply(Prompts.Kind.INTENT_ANALYSIS, recorded("intent_analysis"), "x"));
    assertEquals(2, plan.get("queries").size(), plan.toString());
    for (JsonNode q : plan.get("queries")) {
      assertEquals("How is retrieval latency measured under load?", q.get("query").asText());
      assertTrue(q.get("priority").asInt() >= 1 && q.get("priority").asInt() <= 5);
    }
    assertEquals(List.of("resource", "memory"), plan.get("queries").findValuesAsText("context_type"));
    JsonNode typed = MockHttp.JSON.readTree(Prompts.reply(Prompts.Kind.INTENT_ANALYSIS, recorded("intent_analysis_typed"), "x"));
    assertEquals(List.of("memory"), typed.get("queries").findValuesAsText("context_type"));
    String noMessage = recorded("intent_analysis").replace("How is retrieval latency measured under load?", "None");
    assertEquals("{\"queries\":[]}", Prompts.reply(Prompts.Kind.INTENT_ANALYSIS, noMessage, "x"));
  }

  @Test
  void theOtherKindsGetTheirFormats() throws Exception {
    assertEquals("sdk.commit()", Prompts.reply(Prompts.Kind.MEMORY_EXTRACTION, recorded("memory_extraction"), "x"));
    String overview = Prompts.reply(Prompts.Kind.OVERVIEW, recorded("overview"), "x");
    assertTrue(overview.startsWith("# load_test\n\nMock overview of load_test"), overview);
    String summary = Prompts.reply(Prompts.Kind.SUMMARY, recorded("summary"), "x");
    assertTrue(summary.startsWith("Mock summary of resource-0001.md:"), summary);
    assertEquals("configured", Prompts.reply(Prompts.Kind.OTHER, "hello", "configured"));
  }

  @Test
  void theServerAnswersByKindAndCountsEachKind() throws Exception {
    try (MockModelServer server = MockHttp.start("--reply", "plain")) {
      MockHttp http = new MockHttp(server);
      for (String kind : List.of("intent_analysis", "intent_analysis_typed", "memory_extraction", "overview", "summary")) {
        String body = MockHttp.JSON.writeValueAsString(Map.of("model", "mock-chat",
            "messages", List.of(Map.of("role", "user", "content", recorded(kind)))));
        assertEquals(200, http.post("/v1/chat/completions", body).status(), kind);
      }
      JsonNode last = http.chat("hello", "").body();
      assertEquals("plain", last.at("/choices/0/message/content").asText());
      JsonNode prompts = http.get("/mock/stats").body().get("prompts");
      assertEquals(Map.of("intent_analysis", 2, "memory_extraction", 1, "overview", 1, "summary", 1, "other", 1),
          MockHttp.JSON.convertValue(prompts, Map.class));
      assertEquals(0, http.post("/mock/stats/reset", "").body().get("prompts").get("intent_analysis").asInt());
    }
  }
}
