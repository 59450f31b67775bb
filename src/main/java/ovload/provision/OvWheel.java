package ovload.provision;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import ovload.support.ChildEnvironment;

/**
 * OpenViking's own {@code ov}, the native binary inside the openviking wheel, fetched into {@code
 * target/} without installing openviking (the wheel is 30 MB, the install 1.3 GB): {@code pip
 * download --no-deps openviking==0.5.2}, then the binary and the libraries it links
 * ({@code openviking.libs/}) are unzipped, and the binary must answer {@code --version} before it
 * is kept. {@code scripts/fetch-ov.sh} runs it ({@code ovload fetch-ov}); the suite does it by itself when
 * cli-subprocess has no other {@code ov} (see {@link OvBinary}).
 */
public final class OvWheel {
  public static final String VERSION = "0.5.2";
  public static final String DIR = "target/openviking-" + VERSION;
  /** Enough for a 30 MB wheel on a slow line; an unreachable index fails sooner (pip's own timeout). */
  public static final Duration FETCH_TIMEOUT = Duration.ofMinutes(5);

  private OvWheel() {}

  /** Where the fetched binary lives (whether or not it is there). */
  public static Path binary(Path projectDir) {
    return projectDir.resolve(DIR).resolve("openviking/bin/ov");
  }

  /** The fetched binary if it is there. */
  public static Path installed(Path projectDir) {
    Path bin = binary(projectDir);
    return Files.isRegularFile(bin) && Files.isExecutable(bin) ? bin : null;
  }

  /**
   * Downloads the wheel with the {@code python3} (or {@code python}) on {@code env}'s PATH and
   * unpacks the binary; returns it. Throws with a one-line reason when any step fails.
   */
  public static Path fetch(Path projectDir, Map<String, String> env, Duration timeout) throws IOException {
    Path python = OvBinary.onPath("python3", env);
    if (python == null) {
      python = OvBinary.onPath("python", env);
    }
    if (python == null) {
      throw new IOException("no python3 on the PATH to run 'pip download'");
    }
    Path target = projectDir.resolve(DIR);
    Files.createDirectories(target.getParent());
    // the download, logs and probe in one folder, the unpacked files alone in the one that becomes target
    Path scratch = Files.createTempDirectory(target.getParent(), target.getFileName() + ".fetch-");
    Path part = Files.createTempDirectory(target.getParent(), target.getFileName() + ".part-");
    try {
      Path wheels = Files.createDirectories(scratch.resolve("wheel"));
      Path log = scratch.resolve("pip.log");
      List<String> pip = List.of(python.toString(), "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
          "--disable-pip-version-check", "--no-input", "--timeout", "20", "--retries", "2", "-d", wheels.toString(),
          "openviking==" + VERSION);
      int exit = run(pip, Map.of(), log, timeout);
      if (exit != 0) {
        throw new IOException("'pip download openviking==" + VERSION + "' failed (exit " + exit + "): " + lastLine(log));
      }
      Path wheel = only(wheels);
      unpack(wheel, part);
      Path bin = part.resolve("openviking/bin/ov");
      if (!Files.isRegularFile(bin)) {
        throw new IOException(wheel.getFileName() + " holds no openviking/bin/ov");
      }
      Path probe = scratch.resolve("probe.out");
      int version = run(List.of(bin.toString(), "--version"),
          Map.of("HOME", OvHome.prepare(scratch.resolve("home")).toString()), probe, Duration.ofSeconds(30));
      String said = Files.readString(probe, StandardCharsets.UTF_8).strip();
      if (version != 0 || !said.contains(VERSION)) {
        throw new IOException("the ov from " + wheel.getFileName() + " does not run here (exit " + version + "): "
            + lastLine(probe));
      }
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        if (installed(projectDir) == null) { // else another process fetched it first
          throw e;
        }
      }
      return binary(projectDir);
    } finally {
      deleteTree(part);
      deleteTree(scratch);
    }
  }

  /** The wheel's binary and the shared libraries it links ({@code $ORIGIN/../../openviking.libs}). */
  private static void unpack(Path wheel, Path into) throws IOException {
    try (ZipFile zip = new ZipFile(wheel.toFile())) {
      for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
        String name = entry.getName();
        boolean wanted = name.equals("openviking/bin/ov") || name.startsWith("openviking.libs/")
            || name.startsWith("openviking/.dylibs/");
        if (!wanted || entry.isDirectory()) {
          continue;
        }
        Path out = into.resolve(name).normalize();
        if (!out.startsWith(into)) {
          throw new IOException("refusing the wheel entry " + name + ": it points outside " + into);
        }
        Files.createDirectories(out.getParent());
        try (InputStream in = zip.getInputStream(entry)) {
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
        }
        out.toFile().setExecutable(true);
      }
    }
  }

  private static int run(List<String> command, Map<String, String> extraEnv, Path log, Duration timeout)
      throws IOException {
    ProcessBuilder builder = ChildEnvironment.clean(new ProcessBuilder(command)).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(extraEnv);
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new IOException("'" + String.join(" ", command.subList(0, Math.min(4, command.size())))
            + " ...' took longer than " + timeout.toSeconds() + " s");
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IOException("interrupted");
    }
  }

  private static Path only(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(dir, "*.whl")) {
      listing.forEach(files::add);
    }
    if (files.size() != 1) {
      throw new IOException("pip download left " + files.size() + " wheels in " + dir + ", expected one");
    }
    return files.get(0);
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().map(String::strip)
        .filter(l -> !l.isEmpty()).toList();
    return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
