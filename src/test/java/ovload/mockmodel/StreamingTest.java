package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events exactly as OpenAI streams them, adding up to the plain reply. */
class StreamingTest {
  private static final String REPLY = "Tea, not coffee: the user's preference (noted).";

  @Test
  void chunksConcatenateToThePlainReply() throws Exception {
    try (MockModelServer server = MockHttp.start("--reply", REPLY)) {
      MockHttp http = new MockHttp(server);
      MockHttp.Reply plain = http.chat("what do I drink?", "");
      MockHttp.Reply stream = http.chat("what do I drink?", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");
      assertEquals(200, stream.status());
      assertTrue(stream.raw().headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      List<JsonNode> chunks = new ArrayList<>();
      String[] events = stream.raw().body().split("\n\n", -1);
      assertEquals("", events[events.length - 1], "the body ends with a blank line");
      assertEquals("data: [DONE]", events[events.length - 2], "the last event is [DONE]");
      for (int i = 0; i < events.length - 2; i++) {
        assertTrue(events[i].startsWith("data: {"), "event " + i + ": " + events[i]);
        chunks.add(MockHttp.JSON.readTree(events[i].substring("data: ".length())));
      }
      StringBuilder content = new StringBuilder();
      String id = chunks.get(0).get("id").asText();
      for (JsonNode chunk : chunks) {
        assertEquals("chat.completion.chunk", chunk.get("object").asText());
        assertEquals(id, chunk.get("id").asText(), "one id per stream");
        assertTrue(chunk.get("created").isIntegralNumber());
        for (JsonNode choice : chunk.get("choices")) {
          content.append(choice.get("delta").path("content").asText(""));
        }
      }
      assertEquals("assistant", chunks.get(0).get("choices").get(0).get("delta").get("role").asText());
      assertEquals(plain.body().get("choices").get(0).get("message").get("content").asText(), content.toString());
      JsonNode stop = chunks.get(chunks.size() - 2).get("choices").get(0);
      assertEquals("stop", stop.get("finish_reason").asText());
      JsonNode usage = chunks.get(chunks.size() - 1);
      assertEquals(0, usage.get("choices").size(), "the usage chunk has no choices");
      assertEquals(plain.body().get("usage"), usage.get("usage"));
      assertEquals(Tokens.count(REPLY) + 3, chunks.size(), "role, one per token, stop, usage");
    }
  }

  @Test
  void withoutIncludeUsageTheStopChunkIsLastAndTokensArePaced() throws Exception {
    try (MockModelServer server = MockHttp.start("--reply", "a b c d e f g h i j", "--token-latency-ms", "10")) {
      MockHttp http = new MockHttp(server);
      http.chat("warm", "");
      MockHttp.Reply stream = http.chat("x", ",\"stream\":true");
      assertTrue(stream.millis() >= 100 && stream.millis() < 250, "10 tokens x 10 ms streamed in " + stream.millis());
      String[] events = stream.raw().body().split("\n\n");
      JsonNode last = MockHttp.JSON.readTree(events[events.length - 2].substring("data: ".length()));
      assertEquals("stop", last.get("choices").get(0).get("finish_reason").asText());
      assertNull(last.get("usage"));
      ModelStats.Snapshot stats = server.stats().of(ModelStats.Endpoint.CHAT_STREAM);
      assertEquals(1, stats.calls());
      assertEquals(10, stats.outputTokens());
    }
  }
}
