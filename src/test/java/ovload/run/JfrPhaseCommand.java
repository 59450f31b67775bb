package ovload.run;

import java.nio.file.Path;
import ovload.serverside.profile.JfrProfiler;
import ovload.serverside.profile.Profiler;

/**
 * A profiler command ({@code -DprofileServerCommand}) for a stand-in in a JVM of its own whose stack
 * samples JFR records from its launch ({@link StandInProcess} with {@code profiled}): the run starts
 * it at a phase's start and stops it with SIGINT at the phase's end, as it would py-spy; it then cuts
 * the phase's window from the stand-in's recording into {@code {collapsed}}, as the embedded default's
 * {@link JfrProfiler} does. {@link InsideBenchmark} profiles its shared stand-in with it. Arguments:
 * {@code {pid} {collapsed}}.
 */
public final class JfrPhaseCommand {
  private JfrPhaseCommand() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !args[1].endsWith(".collapsed")) {
      throw new IllegalArgumentException("usage: JfrPhaseCommand <stand-in pid> <phase>.collapsed");
    }
    Path collapsed = Path.of(args[1]).toAbsolutePath();
    String name = collapsed.getFileName().toString().replaceFirst("\\.collapsed$", "");
    JfrProfiler profiler = JfrProfiler.child(Long.parseLong(args[0]));
    Profiler.Session session = profiler.start(collapsed.getParent(), name);
    // SIGINT runs the shutdown hooks: the phase ended
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        session.stop();
        profiler.finish();
      } catch (Exception e) {
        System.err.println("JfrPhaseCommand: " + e.getMessage());
      }
    }));
    Thread.sleep(Long.MAX_VALUE);
  }
}
