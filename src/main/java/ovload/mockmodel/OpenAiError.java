package ovload.mockmodel;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An error answered the OpenAI way: {@code {"error":{"message","type","param","code"}}} with its
 * HTTP status, so clients classify it (retry a 429 or 500, give up on a 400) as with the vendor.
 */
final class OpenAiError extends RuntimeException {
  /** Seconds an injected 429 asks the client to wait: the OpenAI clients honour it when retrying. */
  static final String RETRY_AFTER_SECONDS = "1";

  final int status;
  final String type;
  final String code;
  final String param;

  OpenAiError(int status, String message, String type, String code, String param) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  static OpenAiError invalid(String message, String param) {
    return new OpenAiError(400, message, "invalid_request_error", null, param);
  }

  static OpenAiError notFound(String message, String code) {
    return new OpenAiError(404, message, "invalid_request_error", code, null);
  }

  static OpenAiError injected(int status) {
    return status == 429
        ? new OpenAiError(429, "injected rate limit (mock model provider --error-rate)", "requests",
            "rate_limit_exceeded", null)
        : new OpenAiError(500, "injected server error (mock model provider --error-rate)", "server_error",
            "internal_error", null);
  }

  Body body() {
    return new Body(new Detail(getMessage(), type, param, code));
  }

  /** The reply: the error under {@code error}, its null fields sent as null as OpenAI does. */
  record Body(Detail error) {}

  @JsonPropertyOrder({"message", "type", "param", "code"})
  record Detail(String message, String type, String param, String code) {}
}
