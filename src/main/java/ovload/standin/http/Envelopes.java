package ovload.standin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * The envelopes OpenViking 0.5.2 wraps every answer in, one record per rendering; the components
 * are in wire order, and a null is written as null unless marked as left out.
 */
final class Envelopes {
  private Envelopes() {}

  /** Every key: status, result, error, telemetry, profile. */
  record Full(String status, Object result, Object error, Object telemetry, Object profile) {}

  /** Only status and result; telemetry when the body asked for it. */
  record Compact(String status, Object result, @JsonInclude(JsonInclude.Include.NON_NULL) Object telemetry) {}

  /** A listing: every key plus {@code has_more}. */
  record Listing(String status, Object result, Object error, Object telemetry, Object profile,
      @JsonProperty("has_more") boolean hasMore) {}

  /** The server's own errors ({@code OpenVikingError}): every key, details an object. */
  record ServiceError(String status, Failure error, Object result, Object telemetry, Object profile) {}

  /** Request validation (FastAPI) and the framework's 404/405: status and error only. */
  record RequestError(String status, Failure error) {}

  /** The {@code error} object; the framework's own errors carry no details. */
  record Failure(String code, String message, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> details) {}

  /** The success envelope as the real route renders it (see {@link Reply.Envelope}). */
  static Object success(Reply reply, OperationTelemetry.Report telemetry) {
    return switch (reply.envelope()) {
      case FULL -> new Full("ok", reply.result(), null, telemetry, null);
      case COMPACT -> new Compact("ok", reply.result(), telemetry);
      case LISTING -> new Listing("ok", reply.result(), null, telemetry, null, false);
      case RAW -> reply.result();
    };
  }

  /** The error envelope in the real server's rendering for that kind of error (see {@link ApiException.Style}). */
  static Object error(ApiException e) {
    Failure failure = new Failure(e.code, e.getMessage(), e.style == ApiException.Style.FRAMEWORK ? null : e.details);
    return e.style == ApiException.Style.SERVICE
        ? new ServiceError("error", failure, null, null, null)
        : new RequestError("error", failure);
  }
}
