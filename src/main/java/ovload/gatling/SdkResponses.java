package ovload.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import ovload.adapters.AdapterResult;
import ovload.support.Json;

/** Reads an sdk request's saved status and body as an {@link AdapterResult}, by the API's envelope rules. */
final class SdkResponses {
  private SdkResponses() {}

  /**
   * @param needsResult whether the operation's result is read (task ids, task records): other
   *     success bodies are not parsed, which keeps the event loop's work per request small
   */
  static AdapterResult toResult(
      Integer status, String body, double elapsedSeconds, double timeoutSeconds, boolean needsResult) {
    if (status == null) {
      boolean timedOut = elapsedSeconds >= timeoutSeconds * 0.99;
      return AdapterResult.failed(null, timedOut ? "TimeoutError" : "ConnectionError",
          timedOut ? "no response within " + timeoutSeconds + "s" : "no HTTP response: the connection failed", null);
    }
    if (status >= 200 && status < 300 && !needsResult) {
      return AdapterResult.ok(status, null, null);
    }
    JsonNode json = parse(body);
    if (status >= 200 && status < 300) {
      JsonNode result = json != null && json.has("result") ? json.get("result") : json;
      return AdapterResult.ok(status, result, null);
    }
    JsonNode error = json == null ? null : json.get("error");
    if (error != null && error.isObject()) {
      return AdapterResult.failed(status, error.path("code").asText("HttpError"), error.path("message").asText(""), null);
    }
    return AdapterResult.failed(status, "HttpError", body == null ? "HTTP " + status : body, null);
  }

  private static JsonNode parse(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (Exception e) {
      return null;
    }
  }
}
