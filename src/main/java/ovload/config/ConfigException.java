package ovload.config;

/** A bad option, reported as one line that names the fix before any load is sent. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
