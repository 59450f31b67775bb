package ovload.mockmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/chat/completions}: the OpenAI request read leniently; the completion, and the
 * chunks of a streamed one, shaped as the OpenAI clients parse them.
 */
final class ChatCompletions {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ChatCompletions() {}

  /**
   * One chat request; {@code json} when it asks for {@code response_format} json_object or
   * json_schema; {@code prompt} is the text of all its messages, one after another.
   */
  record Request(String model, int inputTokens, boolean stream, boolean includeUsage, boolean json, String prompt) {}

  static Request parse(JsonNode body, MockModelConfig config) {
    RequestFields.requireObject(body);
    JsonNode messages = body.get("messages");
    if (messages == null || !messages.isArray() || messages.isEmpty()) {
      throw OpenAiError.invalid("messages must be a non-empty array", "messages");
    }
    int tokens = 0;
    StringBuilder prompt = new StringBuilder();
    for (JsonNode message : messages) {
      tokens += textTokens(message.get("content"));
      text(message.get("content"), prompt);
    }
    JsonNode streamOptions = body.path("stream_options");
    String format = body.path("response_format").path("type").asText("text");
    return new Request(RequestFields.text(body, "model", config.chatModel()), tokens,
        RequestFields.flag(body, "stream"), streamOptions.path("include_usage").asBoolean(false),
        format.equals("json_object") || format.equals("json_schema"), prompt.toString());
  }

  /** Appends a message's text: a string, or the text parts of a part array. */
  private static void text(JsonNode content, StringBuilder out) {
    if (content == null) {
      return;
    }
    if (content.isTextual()) {
      out.append(content.asText()).append('\n');
      return;
    }
    for (JsonNode part : content) {
      out.append(part.path("text").asText("")).append('\n');
    }
  }

  /** Input tokens of a message's content: a string, or the text parts of a part array (images count 0). */
  private static int textTokens(JsonNode content) {
    if (content == null) {
      return 0;
    }
    if (content.isTextual()) {
      return Tokens.count(content.asText());
    }
    int tokens = 0;
    for (JsonNode part : content) {
      tokens += Tokens.count(part.path("text").asText(""));
    }
    return tokens;
  }

  /** The configured reply; in JSON mode a reply that is not JSON is wrapped as {@code {"reply": text}}. */
  static String reply(Request request, String configured) {
    if (!request.json()) {
      return configured;
    }
    try {
      JSON.readTree(configured);
      return configured;
    } catch (JsonProcessingException e) {
      try {
        return JSON.writeValueAsString(Map.of("reply", configured));
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  static Map<String, Object> completion(String id, long created, Request request, String reply) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("role", "assistant");
    message.put("content", reply);
    message.put("refusal", null);
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("message", message);
    choice.put("finish_reason", "stop");
    choice.put("logprobs", null);
    Map<String, Object> body = head(id, "chat.completion", created, request.model());
    body.put("choices", List.of(choice));
    body.put("usage", usage(request.inputTokens(), Tokens.count(reply)));
    return body;
  }

  /**
   * A streamed completion's chunks: the role first, one content delta per token piece, then the
   * stop and (when {@code stream_options.include_usage}) a usage chunk with no choices, as OpenAI
   * sends them. Apart so the caller can pace the content chunks.
   */
  record Stream(Map<String, Object> role, List<Map<String, Object>> content, List<Map<String, Object>> tail) {}

  static Stream stream(String id, long created, Request request, String reply) {
    List<Map<String, Object>> content = new ArrayList<>();
    for (String piece : Tokens.pieces(reply)) {
      content.add(chunk(id, created, request.model(), Map.of("content", piece), null));
    }
    List<Map<String, Object>> tail = new ArrayList<>();
    tail.add(chunk(id, created, request.model(), Map.of(), "stop"));
    if (request.includeUsage()) {
      Map<String, Object> usage = head(id, "chat.completion.chunk", created, request.model());
      usage.put("choices", List.of());
      usage.put("usage", usage(request.inputTokens(), Tokens.count(reply)));
      tail.add(usage);
    }
    return new Stream(chunk(id, created, request.model(), Map.of("role", "assistant", "content", ""), null),
        content, tail);
  }

  private static Map<String, Object> chunk(String id, long created, String model, Map<String, Object> delta,
      String finishReason) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("logprobs", null);
    choice.put("finish_reason", finishReason);
    Map<String, Object> chunk = head(id, "chat.completion.chunk", created, model);
    chunk.put("choices", List.of(choice));
    return chunk;
  }

  private static Map<String, Object> head(String id, String object, long created, String model) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", id);
    body.put("object", object);
    body.put("created", created);
    body.put("model", model);
    return body;
  }

  private static Map<String, Object> usage(int input, int output) {
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("prompt_tokens", input);
    usage.put("completion_tokens", output);
    usage.put("total_tokens", input + output);
    return usage;
  }
}
