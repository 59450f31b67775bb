package ovload.standin.http;

import java.util.List;
import java.util.Map;

/**
 * An OpenViking error envelope: the code, its HTTP status, a message, details, and which of the
 * real server's three error renderings it takes (see {@link Style}).
 */
public final class ApiException extends RuntimeException {
  /**
   * How OpenViking 0.5.2 renders the error. {@code SERVICE}: its own errors
   * ({@code OpenVikingError}), every envelope key present ({@code result}, {@code telemetry},
   * {@code profile} null, {@code details} an object). {@code VALIDATION}: request validation
   * (FastAPI), {@code status} and {@code error} with {@code details.validation_errors}.
   * {@code FRAMEWORK}: the web framework's own 404/405, {@code error} without details.
   */
  enum Style { SERVICE, VALIDATION, FRAMEWORK }

  /** One entry of {@code details.validation_errors}, as FastAPI lists a failed check. */
  record ValidationError(List<String> loc, String message, String type) {}

  final String code;
  final int status;
  final Map<String, Object> details;
  final Style style;

  public ApiException(String code, String message) {
    this(code, message, Map.of());
  }

  public ApiException(String code, String message, Map<String, Object> details) {
    this(code, statusOf(code), message, details, Style.SERVICE);
  }

  private ApiException(String code, int status, String message, Map<String, Object> details, Style style) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = details;
    this.style = style;
  }

  private static int statusOf(String code) {
    return switch (code) {
      case "INVALID_ARGUMENT", "INVALID_URI" -> 400;
      case "UNAUTHENTICATED" -> 401;
      case "PERMISSION_DENIED" -> 403;
      case "NOT_FOUND" -> 404;
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

  public static ApiException invalid(String message) {
    return new ApiException("INVALID_ARGUMENT", message);
  }

  /** A missing resource of a kind ({@code file}, {@code directory}, {@code session}, {@code task}). */
  public static ApiException notFound(String message, String resource, String type) {
    return new ApiException("NOT_FOUND", message, Map.of("resource", resource, "type", type));
  }

  /**
   * A request that fails validation, as FastAPI words it: {@code loc} is where ({@code body},
   * {@code body.limit}, {@code query.uri}), {@code type} pydantic's error type.
   */
  public static ApiException validation(String loc, String message, String type) {
    return new ApiException("INVALID_ARGUMENT", 400, "Invalid request parameters: " + loc + ": " + message,
        Map.of("validation_errors", List.of(new ValidationError(List.of(loc.split("\\.")), message, type))),
        Style.VALIDATION);
  }

  /** The framework's 404 for a path no route serves. */
  static ApiException noRoute() {
    return new ApiException("NOT_FOUND", 404, "Not Found", Map.of(), Style.FRAMEWORK);
  }

  /** The framework's 405: the path exists, not with this method (its code is UNKNOWN on OpenViking 0.5.2). */
  static ApiException wrongMethod() {
    return new ApiException("UNKNOWN", 405, "Method Not Allowed", Map.of(), Style.FRAMEWORK);
  }

  /** A 404 the real server raises as a plain HTTP error: no details. */
  public static ApiException plainNotFound(String message) {
    return new ApiException("NOT_FOUND", 404, message, Map.of(), Style.FRAMEWORK);
  }

  /** The answer to a body over the stand-in's cap (the real server reads any size). */
  static ApiException tooLarge(int maxBytes) {
    return new ApiException("PAYLOAD_TOO_LARGE", 413, "body over " + maxBytes + " bytes", Map.of(), Style.SERVICE);
  }
}
