package ovload.config;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code ov} executable for the cli-subprocess adapter: {@code -DovBin}, else {@code OV_BIN},
 * else {@code ov} on the PATH, else this project's own {@code bin/ov}, so that a fresh machine runs
 * every adapter. Checked before any load: a missing executable is an error, not a run of failures.
 */
final class OvBinary {
  private OvBinary() {}

  static String resolve(String configured, Path projectDir, Map<String, String> env) {
    if (configured != null && !configured.isEmpty()) {
      Path found = onPath(configured, env);
      if (found == null) {
        throw new ConfigException(
            "-DovBin '" + configured + "' is not an executable file: give the path of ov "
                + "(or " + projectDir.resolve("bin/ov") + "), or drop cli-subprocess from -Dadapters");
      }
      return found.toString();
    }
    Path onPath = onPath("ov", env);
    if (onPath != null) {
      return onPath.toString();
    }
    Path bundled = projectDir.resolve("bin/ov");
    if (Files.isExecutable(bundled)) {
      return bundled.toString();
    }
    throw new ConfigException(
        "no ov executable found (-DovBin, OV_BIN, PATH, bin/ov): set -DovBin=/path/to/ov or drop "
            + "cli-subprocess from -Dadapters");
  }

  private static Path onPath(String name, Map<String, String> env) {
    if (name.contains(File.separator)) {
      Path path = Path.of(name).toAbsolutePath();
      return Files.isRegularFile(path) && Files.isExecutable(path) ? path : null;
    }
    String pathVar = env.getOrDefault("PATH", "");
    for (String dir : pathVar.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
