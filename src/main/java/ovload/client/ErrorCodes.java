package ovload.client;

/** The API doc's code-to-HTTP-status table, read backwards for replies that carry no code. */
final class ErrorCodes {
  private ErrorCodes() {}

  static String forHttpStatus(int status) {
    return switch (status) {
      case 400, 422 -> "INVALID_ARGUMENT"; // 422: FastAPI's request validation
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 409 -> "CONFLICT";
      case 412 -> "FAILED_PRECONDITION";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 501 -> "UNIMPLEMENTED";
      case 502, 503 -> "UNAVAILABLE";
      case 504 -> "DEADLINE_EXCEEDED";
      default -> status >= 500 ? "INTERNAL" : "UNKNOWN";
    };
  }
}
