package ovload.ovcli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import ovload.client.ClientSettings;

/**
 * The {@code ov} config file, {@code {"url","api_key","account","user","timeout","extra_headers"}}
 * (null values allowed, unknown keys ignored), from {@code OPENVIKING_CLI_CONFIG_FILE} else
 * {@code ~/.openviking/ovcli.conf}. A missing default file means defaults; a missing named file is
 * an error. Null or empty key, account and user mean the header is not sent.
 */
record CliConfig(
    String url,
    String apiKey,
    String account,
    String user,
    Duration timeout,
    Map<String, String> extraHeaders) {

  static final String ENV_CONFIG_FILE = "OPENVIKING_CLI_CONFIG_FILE";
  static final String DEFAULT_URL = "http://127.0.0.1:1933";

  CliConfig {
    extraHeaders = Map.copyOf(extraHeaders);
  }

  static CliConfig load(Map<String, String> env) {
    String named = env.get(ENV_CONFIG_FILE);
    if (named != null && !named.isBlank()) {
      Path file = Path.of(named);
      if (!Files.isRegularFile(file)) {
        throw new UsageException(
            "config file " + file + " (from " + ENV_CONFIG_FILE + ") not found: create it or fix the variable");
      }
      return parse(file);
    }
    String home = env.getOrDefault("HOME", System.getProperty("user.home"));
    Path file = Path.of(home, ".openviking", "ovcli.conf");
    return Files.isRegularFile(file) ? parse(file) : defaults();
  }

  static CliConfig defaults() {
    return new CliConfig(DEFAULT_URL, null, null, null, ClientSettings.DEFAULT_TIMEOUT, Map.of());
  }

  ClientSettings toSettings() {
    return new ClientSettings(url, apiKey, account, user, timeout, extraHeaders);
  }

  @Override
  public String toString() {
    return "CliConfig[url=" + url + ", apiKey=" + (apiKey == null ? "<none>" : "<redacted>")
        + ", account=" + account + ", user=" + user + ", timeout=" + timeout + "]";
  }

  private static CliConfig parse(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new UsageException("config file " + file + " is not valid JSON (line "
          + e.getLocation().getLineNr() + "): fix its syntax");
    } catch (NoSuchFileException e) {
      throw new UsageException("config file " + file + " not found: create it");
    } catch (IOException e) {
      throw new UsageException("config file " + file + " cannot be read (" + e.getMessage() + "): check its permissions");
    }
    if (root == null || !root.isObject()) {
      throw new UsageException("config file " + file + " must hold a JSON object like {\"url\": \"" + DEFAULT_URL + "\"}");
    }
    String url = text(root, "url", file);
    Duration timeout = ClientSettings.DEFAULT_TIMEOUT;
    JsonNode timeoutNode = root.get("timeout");
    if (timeoutNode != null && !timeoutNode.isNull()) {
      if (!timeoutNode.isNumber() || timeoutNode.asDouble() <= 0) {
        throw new UsageException("config file " + file + ": \"timeout\" must be a positive number of seconds");
      }
      timeout = Duration.ofMillis(Math.round(timeoutNode.asDouble() * 1000));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    JsonNode headersNode = root.get("extra_headers");
    if (headersNode != null && !headersNode.isNull()) {
      if (!headersNode.isObject()) {
        throw new UsageException("config file " + file + ": \"extra_headers\" must be an object of header names to strings");
      }
      headersNode.fields().forEachRemaining(entry -> {
        if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
          throw new UsageException("config file " + file + ": extra header \"" + entry.getKey() + "\" must have a string value");
        }
        headers.put(entry.getKey(), entry.getValue().asText());
      });
    }
    return new CliConfig(
        url == null || url.isBlank() ? DEFAULT_URL : url,
        text(root, "api_key", file),
        text(root, "account", file),
        text(root, "user", file),
        timeout,
        headers);
  }

  private static String text(JsonNode root, String field, Path file) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new UsageException("config file " + file + ": \"" + field + "\" must be a string or null");
    }
    return node.asText();
  }
}
