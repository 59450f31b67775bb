package ovload.client;

/** The request did not get an HTTP answer: refused or broken connection, bad host, interrupt. */
public class OpenVikingTransportException extends OpenVikingException {
  public OpenVikingTransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
