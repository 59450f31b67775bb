package ovload.mockmodel;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** {@code POST /v1/embeddings}: the OpenAI request read leniently, the response shaped exactly. */
final class Embeddings {
  private Embeddings() {}

  /**
   * One embeddings request. Token-id inputs are embedded as the text of their numbers, so equal
   * token lists still get equal vectors.
   */
  record Request(String model, List<String> texts, int inputTokens, boolean base64, int dimension) {}

  static Request parse(JsonNode body, MockModelConfig config) {
    RequestFields.requireObject(body);
    List<String> texts = new ArrayList<>();
    int tokens = 0;
    JsonNode input = body.get("input");
    if (input != null && input.isTextual()) {
      texts.add(input.asText());
      tokens = Tokens.count(input.asText());
    } else if (input != null && input.isArray() && !input.isEmpty()) {
      if (input.get(0).isIntegralNumber()) {
        texts.add(tokenText(input));
        tokens = input.size();
      } else {
        for (JsonNode item : input) {
          if (item.isTextual()) {
            texts.add(item.asText());
            tokens += Tokens.count(item.asText());
          } else if (item.isArray() && !item.isEmpty()) {
            texts.add(tokenText(item));
            tokens += item.size();
          } else {
            throw badInput();
          }
        }
      }
    } else {
      throw badInput();
    }
    String format = RequestFields.text(body, "encoding_format", "float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw OpenAiError.invalid("encoding_format must be 'float' or 'base64', got '" + format + "'", "encoding_format");
    }
    int dimension = config.dimension();
    JsonNode dimensions = body.get("dimensions");
    if (dimensions != null && !dimensions.isNull()) {
      if (!dimensions.isIntegralNumber() || dimensions.asInt() < 1) {
        throw OpenAiError.invalid("dimensions must be a positive integer", "dimensions");
      }
      dimension = dimensions.asInt();
    }
    return new Request(RequestFields.text(body, "model", config.embeddingModel()), texts, tokens,
        format.equals("base64"), dimension);
  }

  private static String tokenText(JsonNode tokens) {
    StringBuilder text = new StringBuilder();
    for (JsonNode token : tokens) {
      if (!token.isIntegralNumber()) {
        throw badInput();
      }
      text.append(text.length() == 0 ? "" : " ").append(token.asLong());
    }
    return text.toString();
  }

  private static OpenAiError badInput() {
    return OpenAiError.invalid("input must be a string, an array of strings, an array of token ids"
        + " or an array of token-id arrays, and not empty", "input");
  }

  static Reply response(Request request) {
    List<Item> data = new ArrayList<>();
    for (int i = 0; i < request.texts().size(); i++) {
      float[] vector = TextVectors.of(request.texts().get(i), request.dimension());
      data.add(new Item(i, request.base64() ? base64(vector) : vector));
    }
    return new Reply(data, request.model(), Usage.embeddings(request.inputTokens()));
  }

  /** The {@code list} of one embedding per input, in input order. */
  @JsonPropertyOrder({"object", "data", "model", "usage"})
  record Reply(List<Item> data, String model, Usage usage) {
    @JsonProperty
    String object() {
      return "list";
    }
  }

  /** One input's vector: a float array, or a base64 string when the request asks for that format. */
  @JsonPropertyOrder({"object", "index", "embedding"})
  record Item(int index, Object embedding) {
    @JsonProperty
    String object() {
      return "embedding";
    }
  }

  /** OpenAI's base64 format: the float32 values, little-endian, as one base64 string. */
  private static String base64(float[] vector) {
    ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float x : vector) {
      bytes.putFloat(x);
    }
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
