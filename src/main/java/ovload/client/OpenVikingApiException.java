package ovload.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The server answered with an error: an error envelope, or any other non-success reply (then the
 * code is derived from the HTTP status, see {@link ErrorCodes}).
 */
public class OpenVikingApiException extends OpenVikingException {
  private final String code;
  private final int httpStatus;
  private final String serverMessage;
  private final JsonNode details;

  public OpenVikingApiException(String code, int httpStatus, String serverMessage, JsonNode details) {
    super(code + " (HTTP " + httpStatus + "): " + serverMessage);
    this.code = code;
    this.httpStatus = httpStatus;
    this.serverMessage = serverMessage;
    this.details = details == null ? NullNode.getInstance() : details;
  }

  /** The error code, e.g. {@code NOT_FOUND} or {@code CONFLICT}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The server's own message, without the code and status prefix of {@link #getMessage()}. */
  public String serverMessage() {
    return serverMessage;
  }

  /** {@code error.details} of the envelope; a {@code NullNode} when there were none. */
  public JsonNode details() {
    return details;
  }
}
