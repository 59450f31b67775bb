package ovload.gatling.feeders;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** One generated Markdown resource: its local file, its target URI and its content. */
public record Document(String fileName, String uri, Path localPath, String content) {
  public byte[] bytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  public void write() {
    try {
      Files.createDirectories(localPath.getParent());
      Files.writeString(localPath, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + localPath, e);
    }
  }
}
