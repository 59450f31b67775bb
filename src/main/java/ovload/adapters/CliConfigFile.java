package ovload.adapters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import ovload.support.Json;

/**
 * The {@code ovcli.conf} the cli-subprocess adapter points {@code OPENVIKING_CLI_CONFIG_FILE} at.
 * It holds the API key, so it is created owner-only (0600) before anything is written to it, kept
 * out of the report folder, and deleted when the run ends.
 */
public final class CliConfigFile {
  private CliConfigFile() {}

  public static Path write(
      Path file, String url, String apiKey, String account, String user, double timeoutSeconds)
      throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Json.PRETTY.writeValue(file.toFile(), new Contents(url, apiKey, account, user, timeoutSeconds));
    return file;
  }

  /** What the file holds; {@code extra_headers} is written as null: the adapter adds no headers. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"url", "api_key", "account", "user", "timeout", "extra_headers"})
  private record Contents(String url, String apiKey, String account, String user, double timeout) {
    @JsonProperty
    Object extraHeaders() {
      return null;
    }

    /** Redacted: the API key must never reach a log. */
    @Override
    public String toString() {
      return "CliConfigFile.Contents[url=" + url + ", apiKey=<redacted>, account=" + account + ", user=" + user + "]";
    }
  }
}
