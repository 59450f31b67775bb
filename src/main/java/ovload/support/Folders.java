package ovload.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Where the suite writes a new folder of output: never into one that holds a user's files. */
public final class Folders {
  private Folders() {}

  /** Whether {@code dir} exists and holds anything. */
  public static boolean holdsFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isPresent();
    }
  }
}
