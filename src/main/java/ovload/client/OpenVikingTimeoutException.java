package ovload.client;

/** No (complete) answer within the request's timeout, connecting included. */
public class OpenVikingTimeoutException extends OpenVikingTransportException {
  public OpenVikingTimeoutException(String message, Throwable cause) {
    super(message, cause);
  }
}
