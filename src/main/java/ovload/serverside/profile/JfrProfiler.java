package ovload.serverside.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import ovload.support.ChildEnvironment;

/**
 * The embedded stand-in profiled with Java Flight Recorder, its stack samples only (running threads
 * every 10 ms, threads in native code every 20 ms, as JFR's {@code profile} settings sample them, and
 * none of that setting's other events, which cost the profiled JVM more): in its child JVM through
 * {@code jcmd <pid> JFR.start/JFR.stop} with those settings as a {@code .jfc} file, or, when it runs
 * in this JVM, through a {@link Recording} whose samples are kept for the stand-in's threads only.
 * The recording becomes collapsed stacks and is deleted.
 */
public final class JfrProfiler implements Profiler {
  static final String SETTINGS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="ovload stack samples">
        <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
        <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">20 ms</setting></event>
      </configuration>
      """;

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
        recording = new Recording(Configuration.create(new java.io.StringReader(SETTINGS)));
      } catch (ParseException e) {
        throw new IOException("the JFR settings cannot be read: " + e.getMessage(), e);
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
    Path settings = Files.writeString(dir.resolve("stack-samples.jfc"), SETTINGS, StandardCharsets.UTF_8);
    jcmd("JFR.start", "name=" + recordingName, "settings=" + settings.toAbsolutePath());
    return () -> {
      jcmd("JFR.stop", "name=" + recordingName, "filename=" + jfr.toAbsolutePath());
      Files.deleteIfExists(settings);
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
    Process p = ChildEnvironment.clean(new ProcessBuilder(command)).redirectErrorStream(true).start();
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
