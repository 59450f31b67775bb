package ovload.standin;

import java.util.Map;

/** An OpenViking error envelope: the code, its HTTP status, a message and optional details. */
final class ApiException extends RuntimeException {
  final String code;
  final int status;
  final Map<String, Object> details;

  ApiException(String code, String message) {
    this(code, message, Map.of());
  }

  ApiException(String code, String message, Map<String, Object> details) {
    super(message);
    this.code = code;
    this.status = statusOf(code);
    this.details = details;
  }

  static int statusOf(String code) {
    return switch (code) {
      case "INVALID_ARGUMENT", "INVALID_URI" -> 400;
      case "UNAUTHENTICATED" -> 401;
      case "PERMISSION_DENIED" -> 403;
      case "NOT_FOUND" -> 404;
      case "METHOD_NOT_ALLOWED" -> 405;
      case "ALREADY_EXISTS", "CONFLICT", "ABORTED" -> 409;
      case "FAILED_PRECONDITION" -> 412;
      case "PAYLOAD_TOO_LARGE" -> 413;
      case "RESOURCE_EXHAUSTED" -> 429;
      case "UNIMPLEMENTED" -> 501;
      case "UNAVAILABLE" -> 503;
      case "DEADLINE_EXCEEDED" -> 504;
      default -> 500;
    };
  }

  static ApiException invalid(String message) {
    return new ApiException("INVALID_ARGUMENT", message);
  }

  static ApiException notFound(String message) {
    return new ApiException("NOT_FOUND", message);
  }
}
