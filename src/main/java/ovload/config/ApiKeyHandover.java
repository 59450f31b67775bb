package ovload.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Properties;

/**
 * Keeps {@code -DapiKey} off the forked Gatling JVM's command line. The Gatling Maven plugin copies
 * every system property of the Maven JVM onto the fork's command line, where {@code ps} shows it
 * for the whole run; it has no way to pass the environment. So, in the Maven JVM (before the plugin
 * forks: {@code ovload.run.BeforeFork}), the key
 * moves from the system properties into a file only its owner can read, named after the Maven
 * JVM's pid; the fork, whose parent that JVM is, reads it and deletes it ({@link #receive}).
 */
public final class ApiKeyHandover {
  static final String PROPERTY = "apiKey";

  private ApiKeyHandover() {}

  /** In the Maven JVM: hands {@code -DapiKey} over; nothing without one. */
  public static void handOver(Path buildDir) throws IOException {
    String key = System.getProperty(PROPERTY);
    if (key == null) {
      return;
    }
    Path file = file(buildDir, ProcessHandle.current().pid());
    hand(file, key);
    file.toFile().deleteOnExit(); // a build that never forks leaves nothing behind
    System.clearProperty(PROPERTY);
  }

  static void hand(Path file, String key) throws IOException {
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, key, StandardCharsets.UTF_8);
  }

  /**
   * In the fork: the system properties with the key handed over by the parent JVM put back under
   * {@code apiKey}; the file is deleted once read. Unchanged when there is none.
   */
  public static Properties receive(Properties properties, Path buildDir) {
    Optional<Long> parent = ProcessHandle.current().parent().map(ProcessHandle::pid);
    if (parent.isEmpty() || properties.getProperty(PROPERTY) != null) {
      return properties;
    }
    Path file = file(buildDir, parent.get());
    try {
      if (!Files.exists(file)) {
        return properties;
      }
      String key = Files.readString(file, StandardCharsets.UTF_8);
      Files.deleteIfExists(file);
      Properties withKey = new Properties();
      withKey.putAll(properties);
      withKey.setProperty(PROPERTY, key);
      return withKey;
    } catch (IOException e) {
      throw new ConfigException("cannot read the API key handed over in " + file + " (" + e.getMessage()
          + "): pass it as OPENVIKING_API_KEY instead");
    }
  }

  static Path file(Path buildDir, long pid) {
    return buildDir.resolve("ovload-api-key." + pid);
  }
}
