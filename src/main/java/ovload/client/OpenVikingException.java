package ovload.client;

/** Root of every failure the client reports; unchecked so callers decide where to catch. */
public class OpenVikingException extends RuntimeException {
  public OpenVikingException(String message) {
    super(message);
  }

  public OpenVikingException(String message, Throwable cause) {
    super(message, cause);
  }
}
