package ovload.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ovload.config.ApiKeyHandover;

/**
 * What the Maven JVM does for a {@code gatling:test} before the Gatling plugin forks (the pom runs
 * {@link #main} through {@code exec:java} at {@code test-compile}), where nothing of ours runs
 * otherwise: the plugin starts the fork with a plain {@code ProcessBuilder}, inheriting Maven's
 * environment, and waits for it on Maven's main thread only, so Ctrl-C ends Maven while the fork
 * still writes its reports.
 * <ul>
 *   <li>The outcome file is marked {@code running}: a Ctrl-C before the fork leaves no stale verdict.
 *   <li>{@code -DapiKey} leaves the system properties the plugin copies onto the fork's command
 *       line ({@link ApiKeyHandover}). The environment the fork inherits is beyond reach: the
 *       plugin leaves the JVM to pass on the process's own, which Java cannot change, so Maven's
 *       launcher's {@code MAVEN_CMD_LINE_ARGS} (the command line, key included) reaches the
 *       Gatling JVM; every child of that JVM is started without it ({@code ChildEnvironment}).
 *   <li>Maven's exit waits for the fork's ({@link ForkWait}), so that when {@code mvn} returns,
 *       {@code target/ovload-outcome.json} holds this run's verdict.
 * </ul>
 * Other goals ({@code mvn test}) pass the same phase: all of this happens only for {@code gatling:test}.
 */
public final class BeforeFork {
  /** How long Maven's exit waits for the Gatling JVM to write its reports and verdict. */
  static final long WAIT_SECONDS = 120;
  /** The start of the {@code running} detail Maven writes; the fork writes {@link #FORK_RUNNING}. */
  static final String MAVEN_RUNNING = "mvn gatling:test began: the Gatling JVM is about to start";
  static final String FORK_RUNNING = "the Gatling JVM runs the simulation (process ";

  private BeforeFork() {}

  /** args[0]: the project folder; args[1]: its build folder. */
  public static void main(String[] args) throws Exception {
    Path projectDir = Path.of(args[0]);
    ApiKeyHandover.handOver(Path.of(args[1]));
    if (!gatlingTest(System.getProperty("sun.java.command", ""))) {
      return;
    }
    new Verdict(projectDir).running(MAVEN_RUNNING);
    Runtime.getRuntime().addShutdownHook(ForkWait.apart(projectDir));
  }

  /** The goals Maven was given name the Gatling plugin's test goal. */
  static boolean gatlingTest(String mavenCommand) {
    return List.of(mavenCommand.split("\\s+")).stream()
        .anyMatch(goal -> goal.equals("gatling:test") || goal.matches("io\\.gatling:gatling-maven-plugin(:[^:]+)?:test"));
  }

  /**
   * Maven's exit hook: a Maven stopped by a signal stops its Gatling JVM too (SIGTERM; Ctrl-C in a
   * terminal reached both already) and waits for it to end; an outcome still {@code running} then
   * has no verdict from the run, so one is written here.
   */
  static final class ForkWait extends Thread {
    private final Path projectDir;
    private final Verdict verdict;

    /** In the JVM's top thread group: exec:java destroys the group main ran in, and a hook there could not start. */
    ForkWait(Path projectDir) {
      super(topGroup(), "ovload-fork-wait");
      this.projectDir = projectDir;
      this.verdict = new Verdict(projectDir);
    }

    /**
     * The hook, its classes loaded apart: exec:java closes its class loader when main returns, and
     * the hook loads classes (Jackson's) only when it runs; this loader is never closed.
     */
    static Thread apart(Path projectDir) throws ReflectiveOperationException {
      URL[] sources = Stream.of(BeforeFork.class, ObjectMapper.class, JsonGenerator.class, JsonInclude.class)
          .map(c -> c.getProtectionDomain().getCodeSource().getLocation()).distinct().toArray(URL[]::new);
      ClassLoader own = new URLClassLoader(sources, ClassLoader.getPlatformClassLoader());
      Constructor<?> hook = Class.forName(ForkWait.class.getName(), true, own).getDeclaredConstructor(Path.class);
      hook.setAccessible(true);
      return (Thread) hook.newInstance(projectDir);
    }

    private static ThreadGroup topGroup() {
      ThreadGroup group = Thread.currentThread().getThreadGroup();
      while (group.getParent() != null) {
        group = group.getParent();
      }
      return group;
    }

    @Override
    public void run() {
      List<ProcessHandle> forks = ProcessHandle.current().children().toList();
      forks.forEach(ProcessHandle::destroy);
      for (ProcessHandle fork : forks) {
        try {
          fork.onExit().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
          System.err.println("ovload: the Gatling JVM (process " + fork.pid() + ") did not end within " + WAIT_SECONDS
              + " s of Maven's exit");
        }
      }
      Verdict.current(projectDir).filter(Verdict.OutcomeFile::running).ifPresent(running -> {
        boolean forkBegan = running.detail() != null && running.detail().startsWith(FORK_RUNNING);
        if (forks.isEmpty() && forkBegan) {
          verdict.report(null, ExitCause.FAILED, "the Gatling JVM ended without a verdict (killed: SIGKILL or out of memory)", true);
        } else {
          verdict.report(null, ExitCause.INTERRUPTED, "Maven was stopped (Ctrl-C or SIGTERM) before the "
              + (forkBegan ? "Gatling JVM wrote its verdict" : "simulation began"), true);
        }
      });
    }
  }
}
