package ovload.serverside.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The embedded stand-in profiled with Java Flight Recorder's {@code profile} settings (stack samples
 * every 10 ms of running threads, 20 ms of native ones): in its child JVM through {@code jcmd <pid>
 * JFR.start/JFR.stop}, or, when it runs in this JVM, through a {@link Recording} whose samples are
 * kept for the stand-in's threads only. The recording becomes collapsed stacks and is deleted.
 */
public final class JfrProfiler implements Profiler {
  private final Long childPid;

  /** @param childPid the stand-in's JVM, or null when it runs in this one */
  public JfrProfiler(Long childPid) {
    this.childPid = childPid;
  }

  @Override
  public Session start(Path dir, String name) throws IOException {
    Path jfr = dir.resolve(name + ".jfr");
    if (childPid == null) {
      Recording recording;
      try {
        recording = new Recording(Configuration.getConfiguration("profile"));
      } catch (ParseException e) {
        throw new IOException("JFR's profile settings cannot be read: " + e.getMessage(), e);
      }
      recording.setToDisk(true);
      recording.start();
      return () -> {
        recording.stop();
        recording.dump(jfr);
        recording.close();
        convert(jfr, dir.resolve(name + ".collapsed"), n -> n.startsWith("standin-"));
      };
    }
    String recordingName = "ovload-" + name;
    jcmd("JFR.start", "name=" + recordingName, "settings=profile");
    return () -> {
      jcmd("JFR.stop", "name=" + recordingName, "filename=" + jfr.toAbsolutePath());
      convert(jfr, dir.resolve(name + ".collapsed"), n -> true);
    };
  }

  private static void convert(Path jfr, Path collapsed, java.util.function.Predicate<String> threads) throws IOException {
    try {
      CollapsedStacks.write(collapsed, JfrStacks.collapse(jfr, threads));
    } finally {
      Files.deleteIfExists(jfr);
    }
  }

  private void jcmd(String... args) throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String[] command = new String[args.length + 2];
    command[0] = jcmd.toString();
    command[1] = Long.toString(childPid);
    System.arraycopy(args, 0, command, 2, args.length);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Exception") || out.contains("Could not")) {
        throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("jcmd was interrupted", e);
    }
  }

  @Override
  public String description() {
    return childPid == null ? "Java Flight Recorder in this JVM (the stand-in's threads)"
        : "Java Flight Recorder in the stand-in's JVM (pid " + childPid + ", through jcmd)";
  }
}
