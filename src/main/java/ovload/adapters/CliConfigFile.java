package ovload.adapters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

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
    Map<String, Object> conf = new LinkedHashMap<>();
    conf.put("url", url);
    conf.put("api_key", apiKey);
    conf.put("account", account);
    conf.put("user", user);
    conf.put("timeout", timeoutSeconds);
    conf.put("extra_headers", null);
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), conf);
    return file;
  }
}
