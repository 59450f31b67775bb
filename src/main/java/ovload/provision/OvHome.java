package ovload.provision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A private {@code HOME} for the {@code ov} processes the suite starts. The real {@code ov} reads
 * its display language from {@code ~/.openviking/ovcli.settings.conf} (no variable redirects it)
 * and runs no command until one is set; a private HOME gives it English and keeps the user's own
 * {@code ~/.openviking} out of the run.
 */
public final class OvHome {
  private OvHome() {}

  /** Creates {@code dir/.openviking/ovcli.settings.conf} with English if it is missing; returns {@code dir}. */
  public static Path prepare(Path dir) throws IOException {
    Path settings = dir.resolve(".openviking/ovcli.settings.conf");
    if (!Files.isRegularFile(settings)) {
      Files.createDirectories(settings.getParent());
      Path part = Files.createTempFile(settings.getParent(), "ovcli.settings", ".part");
      Files.writeString(part, "{\"language\": \"en\"}\n");
      Files.move(part, settings, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return dir;
  }
}
