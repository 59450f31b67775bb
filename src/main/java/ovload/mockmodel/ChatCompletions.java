package ovload.mockmodel;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import ovload.support.Json;

/**
 * {@code POST /v1/chat/completions}: the OpenAI request read leniently; the completion, and the
 * chunks of a streamed one, shaped as the OpenAI clients parse them.
 */
final class ChatCompletions {
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
      Json.MAPPER.readTree(configured);
      return configured;
    } catch (JsonProcessingException e) {
      try {
        return Json.MAPPER.writeValueAsString(new Wrapped(configured));
      } catch (JsonProcessingException impossible) {
        throw new IllegalStateException(impossible);
      }
    }
  }

  static Completion completion(String id, long created, Request request, String reply) {
    return new Completion(id, created, request.model(), List.of(new Choice(new Message(reply))),
        Usage.chat(request.inputTokens(), Tokens.count(reply)));
  }

  /**
   * A streamed completion's chunks: the role first, one content delta per token piece, then the
   * stop and (when {@code stream_options.include_usage}) a usage chunk with no choices, as OpenAI
   * sends them. Apart so the caller can pace the content chunks.
   */
  record Stream(Chunk role, List<Chunk> content, List<Chunk> tail) {}

  static Stream stream(String id, long created, Request request, String reply) {
    List<Chunk> content = new ArrayList<>();
    for (String piece : Tokens.pieces(reply)) {
      content.add(Chunk.of(id, created, request.model(), new Delta(null, piece), null));
    }
    List<Chunk> tail = new ArrayList<>();
    tail.add(Chunk.of(id, created, request.model(), new Delta(null, null), "stop"));
    if (request.includeUsage()) {
      tail.add(new Chunk(id, created, request.model(), List.of(),
          Usage.chat(request.inputTokens(), Tokens.count(reply))));
    }
    return new Stream(Chunk.of(id, created, request.model(), new Delta("assistant", ""), null), content, tail);
  }

  /** {@code chat.completion}: the whole reply in one choice. */
  @JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
  record Completion(String id, long created, String model, List<Choice> choices, Usage usage) {
    @JsonProperty
    String object() {
      return "chat.completion";
    }
  }

  /** The one choice of a completion: always index 0, stopped, without log probabilities. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"index", "message", "finish_reason", "logprobs"})
  record Choice(Message message) {
    @JsonProperty
    int index() {
      return 0;
    }

    @JsonProperty
    String finishReason() {
      return "stop";
    }

    @JsonProperty
    Object logprobs() {
      return null;
    }
  }

  /** The assistant's message; {@code refusal} is null as the OpenAI clients expect it to be present. */
  @JsonPropertyOrder({"role", "content", "refusal"})
  record Message(String content) {
    @JsonProperty
    String role() {
      return "assistant";
    }

    @JsonProperty
    String refusal() {
      return null;
    }
  }

  /** {@code chat.completion.chunk}: a delta in one choice, or (the last) no choice and the usage. */
  @JsonPropertyOrder({"id", "object", "created", "model", "choices", "usage"})
  record Chunk(String id, long created, String model, List<ChunkChoice> choices,
      @JsonInclude(JsonInclude.Include.NON_NULL) Usage usage) {
    static Chunk of(String id, long created, String model, Delta delta, String finishReason) {
      return new Chunk(id, created, model, List.of(new ChunkChoice(delta, finishReason)), null);
    }

    @JsonProperty
    String object() {
      return "chat.completion.chunk";
    }
  }

  /** A chunk's one choice; {@code finish_reason} is sent as null until the stop chunk. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"index", "delta", "logprobs", "finish_reason"})
  record ChunkChoice(Delta delta, String finishReason) {
    @JsonProperty
    int index() {
      return 0;
    }

    @JsonProperty
    Object logprobs() {
      return null;
    }
  }

  /** What a chunk adds: the role (first chunk only), a content piece, or nothing (the stop chunk). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonPropertyOrder({"role", "content"})
  record Delta(String role, String content) {}

  /** JSON mode's wrapping of a configured reply that is not JSON. */
  record Wrapped(String reply) {}
}
