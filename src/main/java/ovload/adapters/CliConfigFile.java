package ovload.adapters;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import ovload.support.Json;

/**
 * The {@code ovcli.conf} the cli-subprocess adapter points {@code OPENVIKING_CLI_CONFIG_FILE} at.
 * It holds the API key, so it is created owner-only (0600) before anything is written to it, kept
 * out of the report folder, and deleted when the run ends; a run killed before that (SIGKILL) leaves
 * it, so its name carries the writing JVM's pid and the next run removes those of dead JVMs.
 */
public final class CliConfigFile {
  private static final String SUFFIX = ".ovcli.conf";

  private CliConfigFile() {}

  /** {@code <folder>/<runId>.<pid>.ovcli.conf}, of this JVM. */
  public static Path path(Path folder, String runId) {
    return folder.resolve(runId + "." + ProcessHandle.current().pid() + SUFFIX);
  }

  /** Removes the config files in {@code folder} whose JVM is gone (or unnamed by pid, as older runs wrote them). */
  public static void removeStale(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return;
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
        if (!alive(file.getFileName().toString())) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  private static boolean alive(String name) {
    String stem = name.substring(0, name.length() - SUFFIX.length());
    try {
      return ProcessHandle.of(Long.parseLong(stem.substring(stem.lastIndexOf('.') + 1))).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return false;
    }
  }

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
