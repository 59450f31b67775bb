package ovload.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which server the run loads and as whom, with the spec's environment variables as fallbacks. The
 * API key is written to {@code run_config.json} and shown by {@link #toString} only as redacted.
 *
 * @param serverUrl the target's root, or null to start the embedded stand-in
 * @param timeoutSeconds how long one request may take
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"server_url", "api_key", "account", "user", "timeout"})
public record Connection(
    String serverUrl,
    @JsonSerialize(using = Connection.Redacted.class) String apiKey,
    String account,
    String user,
    @JsonProperty("timeout") double timeoutSeconds) {

  public static final String DEFAULT_API_KEY = "test-root-api-key";
  private static final String REDACTED = "***redacted***";

  static Connection from(Settings s) {
    return new Connection(
        serverUrl(s.raw("serverUrl", "OPENVIKING_SERVER_URL")),
        s.string("apiKey", "OPENVIKING_API_KEY", DEFAULT_API_KEY),
        s.string("account", "OPENVIKING_ACCOUNT", "default"),
        s.string("user", "OPENVIKING_USER", "default"),
        s.seconds("timeout", 60, 0.001));
  }

  /** No URL was given: the run starts the embedded stand-in. */
  public boolean embeddedServer() {
    return serverUrl == null;
  }

  /** The connection to the server's actual URL once the embedded stand-in is bound. */
  Connection withServerUrl(String url) {
    return new Connection(url, apiKey, account, user, timeoutSeconds);
  }

  static String serverUrl(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(value);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (!http || uri.getHost() == null || uri.getQuery() != null || !path.matches("/?")) {
        throw new URISyntaxException(value, "not a server root");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "malformed -DserverUrl '" + value + "': give the server root, e.g. http://127.0.0.1:1935");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  @Override
  public String toString() {
    return "Connection[serverUrl=" + serverUrl + ", apiKey=" + redacted(apiKey) + ", account=" + account
        + ", user=" + user + ", timeoutSeconds=" + timeoutSeconds + "]";
  }

  private static String redacted(String key) {
    return key == null || key.isEmpty() ? null : REDACTED;
  }

  /** Writes whether a key was set, never the key. */
  static final class Redacted extends StdSerializer<String> {
    Redacted() {
      super(String.class);
    }

    @Override
    public void serialize(String key, JsonGenerator out, SerializerProvider provider) throws IOException {
      String shown = redacted(key);
      if (shown == null) {
        out.writeNull();
      } else {
        out.writeString(shown);
      }
    }
  }
}
