package ovload.serverside.profile;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import ovload.support.ChildEnvironment;

/**
 * The embedded stand-in profiled with Java Flight Recorder, its stack samples only (running threads
 * every 10 ms, threads in native code every 20 ms, as JFR's {@code profile} settings sample them, and
 * none of that setting's other events, which cost the profiled JVM more). One recording runs for the
 * stand-in's whole life, so that nothing starts or stops inside a timed phase (starting JFR in a
 * serving JVM cost that phase's first seconds): in its child JVM it starts with the JVM
 * ({@link #launchOption}), in this JVM it is a {@link Recording} started with this profiler, its
 * samples kept for the stand-in's threads only. A phase's session only notes its window; when the
 * run ends, one dump of the recording (with {@code jcmd <pid> JFR.dump} for the child) is cut into
 * each phase's collapsed stacks by the samples' timestamps, and deleted.
 */
public final class JfrProfiler implements Profiler {
  /** The child JVM's recording, named for {@code jcmd JFR.dump}. */
  static final String RECORDING = "ovload-standin";
  /** The child's recording keeps its newest data up to this size: a run's length of the stand-in's samples many times over. */
  static final String MAX_SIZE = "1g";
  static final String SETTINGS = """
      <?xml version="1.0" encoding="UTF-8"?>
      <configuration version="2.0" label="ovload stack samples">
        <event name="jdk.ExecutionSample"><setting name="enabled">true</setting><setting name="period">10 ms</setting></event>
        <event name="jdk.NativeMethodSample"><setting name="enabled">true</setting><setting name="period">20 ms</setting></event>
      </configuration>
      """;

  private final Long childPid;
  private final Recording inProcess;
  /** Each stopped phase: where its stacks go and its span; touched by the profiler's one thread only. */
  private final List<JfrStacks.Window> windows = new ArrayList<>();

  private JfrProfiler(Long childPid, Recording inProcess) {
    this.childPid = childPid;
    this.inProcess = inProcess;
  }

  /** The stand-in's child JVM, whose recording started with it ({@link #launchOption}). */
  public static JfrProfiler child(long pid) {
    return new JfrProfiler(pid, null);
  }

  /** The stand-in in this JVM: its recording starts now, before any phase. */
  public static JfrProfiler inThisJvm() throws IOException {
    Recording recording;
    try {
      recording = new Recording(Configuration.create(new StringReader(SETTINGS)));
    } catch (ParseException e) {
      throw new IOException("the JFR settings cannot be read: " + e.getMessage(), e);
    }
    recording.setToDisk(true);
    recording.start();
    return new JfrProfiler(null, recording);
  }

  /**
   * The option that starts the child JVM's recording as it launches, its settings written to
   * {@code settings} (read at the launch; the file may go once the JVM runs).
   */
  public static String launchOption(Path settings) throws IOException {
    Files.writeString(settings, SETTINGS, StandardCharsets.UTF_8);
    return "-XX:StartFlightRecording:name=" + RECORDING + ",settings=" + settings.toAbsolutePath()
        + ",disk=true,maxsize=" + MAX_SIZE;
  }

  @Override
  public Session start(Path dir, String name) {
    Instant from = Instant.now();
    Path collapsed = dir.resolve(name + ".collapsed");
    return () -> windows.add(new JfrStacks.Window(collapsed, from, Instant.now()));
  }

  /** One dump of the recording, cut into each phase's collapsed stacks, then deleted. */
  @Override
  public void finish() throws IOException {
    try {
      if (windows.isEmpty()) {
        return;
      }
      Path jfr = windows.get(0).collapsed().resolveSibling("stand-in.jfr");
      try {
        if (inProcess != null) {
          inProcess.dump(jfr);
        } else {
          // the dump is chunk-granular: a second either side, and the samples' timestamps cut the phases
          Instant begin = windows.stream().map(JfrStacks.Window::from).min(Comparator.naturalOrder()).orElseThrow();
          Instant end = windows.stream().map(JfrStacks.Window::to).max(Comparator.naturalOrder()).orElseThrow();
          String out = jcmd("JFR.dump", "name=" + RECORDING, "begin=" + begin.minusSeconds(1), "end=" + end.plusSeconds(1),
              "filename=" + jfr.toAbsolutePath());
          if (!Files.isRegularFile(jfr)) {
            throw new IOException("jcmd JFR.dump wrote no recording: " + out.strip() + " (the stand-in's JVM starts the recording "
                + RECORDING + " as it launches when the run's -DprofileServer is jfr)");
          }
        }
        Predicate<String> threads = inProcess != null ? n -> n.startsWith("standin-") : n -> true;
        List<Map<String, Long>> stacks = JfrStacks.collapse(jfr, threads, windows);
        for (int i = 0; i < windows.size(); i++) {
          CollapsedStacks.write(windows.get(i).collapsed(), stacks.get(i));
        }
      } finally {
        Files.deleteIfExists(jfr);
      }
    } finally {
      windows.clear();
      if (inProcess != null) {
        inProcess.close();
      }
    }
  }

  /** Runs jcmd on the child and returns what it printed. */
  private String jcmd(String... args) throws IOException {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    String[] command = new String[args.length + 2];
    command[0] = jcmd.toString();
    command[1] = Long.toString(childPid);
    System.arraycopy(args, 0, command, 2, args.length);
    Process p = ChildEnvironment.clean(new ProcessBuilder(command)).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || out.contains("Exception") || out.contains("Could not")) {
        throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out.strip());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("jcmd was interrupted", e);
    }
  }

  @Override
  public String description() {
    return childPid == null ? "Java Flight Recorder in this JVM (the stand-in's threads), one recording cut into phases"
        : "Java Flight Recorder in the stand-in's JVM (pid " + childPid + "), one recording from its launch cut into phases";
  }
}
