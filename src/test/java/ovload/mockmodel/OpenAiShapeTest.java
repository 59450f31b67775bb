package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every field the OpenAI Python and JS clients read is there, with its JSON type. */
class OpenAiShapeTest {
  private static MockModelServer server;
  private static MockHttp http;

  @BeforeAll
  static void start() {
    server = MockHttp.start("--dimension", "16");
    http = new MockHttp(server);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void embeddingsListOneItemPerInputWithMatchingIndex() throws Exception {
    MockHttp.Reply r = http.embed("[\"alpha beta\",\"gamma\",\"delta epsilon zeta\"]", "");
    assertEquals(200, r.status(), r.raw().body());
    JsonNode body = r.body();
    assertEquals("list", body.get("object").asText());
    assertEquals("e", body.get("model").asText(), "the requested model is echoed");
    assertEquals(3, body.get("data").size());
    for (int i = 0; i < 3; i++) {
      JsonNode item = body.get("data").get(i);
      assertEquals("embedding", item.get("object").asText());
      assertTrue(item.get("index").isInt());
      assertEquals(i, item.get("index").asInt());
      assertTrue(item.get("embedding").isArray());
      assertEquals(16, item.get("embedding").size());
      assertTrue(item.get("embedding").get(0).isNumber());
    }
    assertTrue(body.get("usage").get("prompt_tokens").isInt());
    assertEquals(6, body.get("usage").get("prompt_tokens").asInt(), "2 + 1 + 3 words");
    assertEquals(6, body.get("usage").get("total_tokens").asInt());
  }

  @Test
  void base64DecodesToTheFloatFormatsValues() throws Exception {
    String input = "[\"the quick brown fox\",\"jumps\"]";
    JsonNode floats = http.embed(input, ",\"encoding_format\":\"float\"").body().get("data");
    JsonNode encoded = http.embed(input, ",\"encoding_format\":\"base64\"").body().get("data");
    for (int i = 0; i < 2; i++) {
      assertTrue(encoded.get(i).get("embedding").isTextual());
      ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(encoded.get(i).get("embedding").asText()))
          .order(ByteOrder.LITTLE_ENDIAN);
      assertEquals(16 * 4, bytes.remaining());
      for (int d = 0; d < 16; d++) {
        assertEquals((float) floats.get(i).get("embedding").get(d).asDouble(), bytes.getFloat(), "item " + i + " dim " + d);
      }
    }
  }

  @Test
  void tokenIdInputsAreAccepted() throws Exception {
    JsonNode one = http.embed("[1,2,3]", "").body();
    assertEquals(1, one.get("data").size(), "one token array is one input");
    assertEquals(3, one.get("usage").get("prompt_tokens").asInt());
    JsonNode two = http.embed("[[1,2],[3]]", "").body();
    assertEquals(2, two.get("data").size());
    assertEquals(1, two.get("data").get(1).get("index").asInt());
    assertEquals(3, two.get("usage").get("prompt_tokens").asInt());
  }

  @Test
  void chatCompletionHasEveryField() throws Exception {
    MockHttp.Reply r = http.chat("Remember that I like tea.", "");
    assertEquals(200, r.status(), r.raw().body());
    JsonNode body = r.body();
    assertTrue(body.get("id").asText().startsWith("chatcmpl-"));
    assertEquals("chat.completion", body.get("object").asText());
    assertTrue(body.get("created").isIntegralNumber());
    assertTrue(Math.abs(body.get("created").asLong() - System.currentTimeMillis() / 1000) < 60, "epoch seconds");
    assertEquals("m", body.get("model").asText());
    JsonNode choice = body.get("choices").get(0);
    assertEquals(0, choice.get("index").asInt());
    assertEquals("assistant", choice.get("message").get("role").asText());
    assertEquals(MockModelConfig.DEFAULT_REPLY, choice.get("message").get("content").asText());
    assertEquals("stop", choice.get("finish_reason").asText());
    assertTrue(choice.has("logprobs") && choice.get("logprobs").isNull());
    JsonNode usage = body.get("usage");
    assertEquals(6, usage.get("prompt_tokens").asInt(), "Remember that I like tea .");
    assertEquals(Tokens.count(MockModelConfig.DEFAULT_REPLY), usage.get("completion_tokens").asInt());
    assertEquals(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt(),
        usage.get("total_tokens").asInt());
    assertFalse(body.get("id").asText().equals(http.chat("again", "").body().get("id").asText()), "ids are unique");
  }

  @Test
  void defaultReplyIsAnEmptyMemoryExtraction() throws Exception {
    String content = http.chat("extract", ",\"response_format\":{\"type\":\"json_object\"}").body()
        .get("choices").get(0).get("message").get("content").asText();
    JsonNode reply = MockHttp.JSON.readTree(content);
    assertTrue(reply.get("memories").isArray() && reply.get("memories").isEmpty(), content);
  }

  @Test
  void jsonModeWrapsATextReply() throws Exception {
    try (MockModelServer text = MockHttp.start("--reply", "plain words")) {
      MockHttp other = new MockHttp(text);
      assertEquals("plain words", other.chat("hi", "").body().get("choices").get(0).get("message").get("content").asText());
      String json = other.chat("hi", ",\"response_format\":{\"type\":\"json_object\"}").body()
          .get("choices").get(0).get("message").get("content").asText();
      assertEquals("plain words", MockHttp.JSON.readTree(json).get("reply").asText());
    }
  }

  @Test
  void modelsListAndRetrieve() throws Exception {
    JsonNode list = http.get("/v1/models").body();
    assertEquals("list", list.get("object").asText());
    assertEquals(2, list.get("data").size());
    for (JsonNode model : list.get("data")) {
      assertEquals("model", model.get("object").asText());
      assertTrue(model.get("created").isIntegralNumber());
      assertEquals("ovload-mock", model.get("owned_by").asText());
    }
    assertEquals("mock-embedding", http.get("/v1/models/mock-embedding").body().get("id").asText());
    MockHttp.Reply missing = http.get("/v1/models/gpt-nothing");
    assertEquals(404, missing.status());
    assertEquals("model_not_found", missing.body().get("error").get("code").asText());
  }

  @Test
  void badRequestsGetOpenAiErrors() throws Exception {
    MockHttp.Reply malformed = http.post("/v1/chat/completions", "{not json");
    assertEquals(400, malformed.status());
    assertEquals("invalid_request_error", malformed.body().get("error").get("type").asText());
    assertTrue(malformed.body().get("error").has("code") && malformed.body().get("error").has("message"));
    assertEquals(400, http.post("/v1/chat/completions", "{\"model\":\"m\"}").status(), "no messages");
    assertEquals(400, http.embed("[]", "").status(), "empty input");
    assertEquals(400, http.embed("\"x\"", ",\"encoding_format\":\"hex\"").status());
    assertEquals(400, http.embed("\"x\"", ",\"dimensions\":0").status());
    MockHttp.Reply unknown = http.post("/v1/completions", "{}");
    assertEquals(404, unknown.status());
    assertEquals("invalid_request_error", unknown.body().get("error").get("type").asText());
    assertEquals(405, http.get("/v1/embeddings").status());
  }
}
