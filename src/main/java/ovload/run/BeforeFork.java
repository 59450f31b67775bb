package ovload.run;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 *       line ({@link ApiKeyHandover}), and every variable of Maven's environment that holds it
 *       ({@code MAVEN_CMD_LINE_ARGS}) leaves the environment the fork inherits.
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
    String key = ApiKeyHandover.handOver(Path.of(args[1]));
    if (key != null && !scrubOwnEnvironment(key)) {
      System.err.println("ovload: the API key stays in the environment Maven hands the Gatling JVM "
          + "(run Maven with --add-opens=java.base/java.lang=ALL-UNNAMED, as .mvn/jvm.config does, or pass OPENVIKING_API_KEY)");
    }
    if (!gatlingTest(System.getProperty("sun.java.command", ""))) {
      return;
    }
    Verdict verdict = new Verdict(projectDir);
    verdict.running(MAVEN_RUNNING);
    // exec:java closes this class loader when main returns: everything the hook runs is loaded now
    Verdict.current(projectDir);
    Verdict.line(ExitCause.INTERRUPTED, "");
    Runtime.getRuntime().addShutdownHook(new ForkWait(projectDir, verdict));
  }

  /** The goals Maven was given name the Gatling plugin's test goal. */
  static boolean gatlingTest(String mavenCommand) {
    return List.of(mavenCommand.split("\\s+")).stream()
        .anyMatch(goal -> goal.equals("gatling:test") || goal.matches("io\\.gatling:gatling-maven-plugin(:[^:]+)?:test"));
  }

  /**
   * Removes every variable whose value holds the key from the environment this JVM's later
   * children inherit. Java offers no setter: the JDK's own map is reached by reflection, which
   * needs {@code java.lang} opened to us (.mvn/jvm.config). False when it could not be done.
   */
  static boolean scrubOwnEnvironment(String key) {
    try {
      Field field = Class.forName("java.lang.ProcessEnvironment").getDeclaredField("theEnvironment");
      field.setAccessible(true);
      Map<?, ?> environment = (Map<?, ?>) field.get(null);
      environment.values().removeIf(value -> String.valueOf(value).contains(key));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Maven's exit hook: a Maven stopped by a signal stops its Gatling JVM too (SIGTERM; Ctrl-C in a
   * terminal reached both already) and waits for it to end; an outcome still {@code running} then
   * has no verdict from the run, so one is written here.
   */
  static final class ForkWait extends Thread {
    private final Path projectDir;
    private final Verdict verdict;

    ForkWait(Path projectDir, Verdict verdict) {
      super("ovload-fork-wait");
      this.projectDir = projectDir;
      this.verdict = verdict;
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
