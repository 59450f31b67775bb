package ovload.provision;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import ovload.config.ConfigException;
import ovload.config.OvBinSetting;
import ovload.config.RunConfig;

/**
 * The {@code ov} executable for the cli-subprocess adapter, and where it came from: {@code -DovBin},
 * else {@code OV_BIN}, else {@code ov} on the PATH, else OpenViking's own {@code ov} fetched into
 * {@code target/} ({@link OvWheel}; fetched now when PyPI answers), and only then this project's
 * Java {@code bin/ov}, whose figures describe our CLI, not OpenViking's. The run resolves it once,
 * after every other option is checked (so that a bad one fails before any download) and before any
 * load: a missing executable is an error, not a run of failures.
 *
 * @param source {@code -DovBin}, {@code OV_BIN}, {@code PATH}, {@code fetched} or {@code bin/ov}
 * @param projectCli the executable is this project's Java {@code bin/ov}, however it was named
 * @param note why the resolution went where it did when that is not obvious (the fetch failed), or null
 */
public record OvBinary(String path, String source, boolean projectCli, String note) {
  public static final String FETCHED = "fetched";
  public static final String PROJECT = "bin/ov";

  /**
   * The {@code ov} of a run: found, or fetched, when its adapters include cli-subprocess; else the
   * setting as given, never checked. {@code env} is the environment whose PATH is searched.
   */
  public static OvBinary forRun(RunConfig config, Path projectDir, Map<String, String> env) {
    return config.adapters().contains("cli-subprocess")
        ? resolve(config.ovBin(), projectDir, env, OvWheel.FETCH_TIMEOUT)
        : unused(config.ovBin().given());
  }

  private static OvBinary unused(String configured) {
    return new OvBinary(configured == null || configured.isEmpty() ? "ov" : configured, "unused", false, null);
  }

  static OvBinary resolve(OvBinSetting setting, Path projectDir, Map<String, String> env, Duration fetchTimeout) {
    if (setting.property() != null && !setting.property().isEmpty()) {
      return configured(setting.property(), "-DovBin", projectDir, env);
    }
    if (setting.environment() != null && !setting.environment().isEmpty()) {
      return configured(setting.environment(), "OV_BIN", projectDir, env);
    }
    Path onPath = onPath("ov", env);
    if (onPath != null) {
      return found(onPath, "PATH", projectDir, null);
    }
    Path fetched = OvWheel.installed(projectDir);
    String fetchFailure = null;
    if (fetched == null) {
      System.err.println("ovload: no ov on the PATH: fetching OpenViking's ov (openviking==" + OvWheel.VERSION
          + " wheel, no install) from PyPI into " + projectDir.resolve(OvWheel.DIR) + "; scripts/fetch-ov.sh does the same");
      try {
        fetched = OvWheel.fetch(projectDir, env, fetchTimeout);
      } catch (IOException | RuntimeException e) {
        fetchFailure = "fetching OpenViking's ov failed: " + e.getMessage();
        System.err.println("ovload: " + fetchFailure);
      }
    }
    if (fetched != null) {
      return found(fetched, FETCHED, projectDir, null);
    }
    Path bundled = projectDir.resolve("bin/ov");
    if (Files.isExecutable(bundled)) {
      return found(bundled, PROJECT, projectDir, fetchFailure);
    }
    throw new ConfigException(
        "no ov executable found (-DovBin, OV_BIN, PATH, " + OvWheel.DIR + ", bin/ov)"
            + (fetchFailure == null ? "" : " and " + fetchFailure)
            + ": run scripts/fetch-ov.sh, set -DovBin=/path/to/ov or drop cli-subprocess from -Dadapters");
  }

  private static OvBinary configured(String name, String source, Path projectDir, Map<String, String> env) {
    Path found = onPath(name, env);
    if (found == null) {
      throw new ConfigException(
          source + " '" + name + "' is not an executable file: give the path of ov (scripts/fetch-ov.sh "
              + "fetches OpenViking's into " + OvWheel.DIR + "), or drop cli-subprocess from -Dadapters");
    }
    return found(found, source, projectDir, null);
  }

  private static OvBinary found(Path path, String source, Path projectDir, String note) {
    return new OvBinary(path.toString(), source, sameFile(path, projectDir.resolve("bin/ov")), note);
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** {@code name} if it holds a separator, else the first executable {@code name} on {@code env}'s PATH. */
  static Path onPath(String name, Map<String, String> env) {
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
