package ovload.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.nio.charset.StandardCharsets;

/**
 * Reading OpenViking's reply envelope ({@code {"status": "ok", "result": ...}} or {@code {"status":
 * "error", "error": {"code", "message", "details"}}}): the result of a success, else the one
 * {@link OpenVikingApiException} that says best what went wrong, whatever the server sent instead.
 */
final class Envelope {
  private Envelope() {}

  /**
   * The envelope's {@code result} (JSON null when it has none) of a 2xx ok reply; else throws its
   * error. {@code body} is the reply parsed, null when it is not JSON; {@code raw} the reply as sent.
   */
  static JsonNode result(int status, JsonNode body, byte[] raw) {
    boolean envelopeOk =
        body != null && body.isObject() && "ok".equals(body.path("status").asText(null));
    if (status / 100 == 2 && envelopeOk) {
      JsonNode result = body.get("result");
      return result == null ? NullNode.getInstance() : result;
    }
    throw error(status, body, raw);
  }

  static OpenVikingApiException error(int status, JsonNode body, byte[] raw) {
    JsonNode error = body == null ? null : body.get("error");
    if (error != null && error.isObject() && error.hasNonNull("code")) {
      return new OpenVikingApiException(
          error.get("code").asText(),
          status,
          error.path("message").asText(""),
          error.get("details"));
    }
    String text = new String(raw, StandardCharsets.UTF_8).strip();
    if (status / 100 == 2) {
      return new OpenVikingApiException(
          "INTERNAL", status, "reply is not an OpenViking envelope: " + clip(text), body);
    }
    // FastAPI's own errors carry {"detail": ...}; anything else is quoted as text.
    String message = body != null && body.has("detail") ? body.get("detail").toString() : clip(text);
    return new OpenVikingApiException(ErrorCodes.forHttpStatus(status), status, message, body);
  }

  private static String clip(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
