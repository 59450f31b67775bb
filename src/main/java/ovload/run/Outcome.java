package ovload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * How the run ended, said three ways: the console's last line, {@code outcome.json} (in the run
 * folder, and always at {@code target/ovload-outcome.json}, where a run refused before it had a
 * folder leaves it too) and the JVM's exit status ({@link ExitCause}). A signal or an abort is
 * recorded as it happens; the rest is decided when the JVM exits.
 */
public final class Outcome {
  static final String FILE = "outcome.json";
  static final String FIXED = "target/ovload-outcome.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final AtomicReference<String> SIGNAL = new AtomicReference<>();
  private static final AtomicReference<String> ABORT = new AtomicReference<>();
  private static final AtomicReference<Refusal> REFUSED = new AtomicReference<>();

  private Outcome() {}

  /** Notes SIGINT and SIGTERM as they come, then lets the JVM's own handling (its shutdown) go on. */
  static void watchSignals() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        Signal signal = new Signal(name);
        var previous = new AtomicReference<sun.misc.SignalHandler>();
        previous.set(Signal.handle(signal, s -> {
          SIGNAL.compareAndSet(null, "SIG" + name);
          sun.misc.SignalHandler before = previous.get();
          if (before == sun.misc.SignalHandler.SIG_DFL) {
            System.exit(128 + s.getNumber()); // what the default would do, shutdown hooks included
          } else if (before != sun.misc.SignalHandler.SIG_IGN) {
            before.handle(s); // the JVM's own: its shutdown, with our hook
          }
        }));
      } catch (IllegalArgumentException e) {
        // a JVM that reserves the signal (-Xrs): the run is then reported as failed, not interrupted
      }
    }
  }

  /**
   * The run is refused before its load (a bad option, an unreachable server): the message is
   * printed already; the outcome is written now and the JVM exits with the cause's status.
   */
  public static void refuse(Path projectDir, Path runFolder, ExitCause cause, String message) {
    REFUSED.set(new Refusal(cause, message, runFolder));
    if (runFolder == null) {
      report(projectDir, null, cause, message, false);
    } // else the run began: its folder's reports are written on exit, and then this outcome (refusalReported)
    System.exit(cause.exitCode);
  }

  /** When the refused run had begun, its outcome, after its reports; false when no run was refused. */
  static boolean refusalReported(Path projectDir) {
    Refusal refusal = REFUSED.get();
    if (refusal == null) {
      return false;
    }
    if (refusal.runFolder() != null) {
      report(projectDir, refusal.runFolder(), refusal.cause(), refusal.message(), false);
    }
    return true;
  }

  private record Refusal(ExitCause cause, String message, Path runFolder) {}

  /** The load was stopped on purpose (a dead server): the first reason wins. */
  static void abort(String reason) {
    ABORT.compareAndSet(null, reason);
  }

  /** The cause of a run whose reports are written: signal, abort, an early end, failed gates, or a pass. */
  static ExitCause decide(boolean loadEnded, boolean gatesFailed) {
    if (SIGNAL.get() != null) {
      return ExitCause.INTERRUPTED;
    }
    if (ABORT.get() != null) {
      return ExitCause.ABORTED;
    }
    if (!loadEnded) {
      return ExitCause.FAILED;
    }
    return gatesFailed ? ExitCause.FAILED_GATES : ExitCause.PASSED;
  }

  /** The detail for a cause decided by {@link #decide}, when the caller has none of its own. */
  static String detail(ExitCause cause, String gates) {
    return switch (cause) {
      case INTERRUPTED -> SIGNAL.get() + " before the load ended: the figures cover what ran, no final drain ran";
      case ABORTED -> ABORT.get();
      case FAILED -> "the load generator stopped before the load ended: see Gatling's error above";
      default -> gates;
    };
  }

  /**
   * Writes the outcome files and prints the last line. Returns the exit status.
   *
   * @param runFolder the run's folder, or null when none was made
   * @param echoDetail false when the detail is the line printed just before
   */
  static int report(Path projectDir, Path runFolder, ExitCause cause, String detail, boolean echoDetail) {
    boolean inFolder = runFolder != null && Files.isDirectory(runFolder);
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("outcome", cause.key());
    outcome.put("exit_code", cause.exitCode);
    outcome.put("detail", detail);
    outcome.put("run_folder", inFolder ? runFolder.toString() : null);
    outcome.put("finished_at", Instant.now().toString());
    Path fixed = projectDir.resolve(FIXED);
    try {
      Files.createDirectories(fixed.getParent());
      JSON.writeValue(fixed.toFile(), outcome);
      if (inFolder) {
        JSON.writeValue(runFolder.resolve(FILE).toFile(), outcome);
      }
    } catch (IOException e) {
      System.err.println("ovload: cannot write " + FILE + ": " + e.getMessage());
    }
    System.out.flush();
    System.err.println(line(cause, echoDetail ? detail : null) + " [" + (inFolder ? runFolder.resolve(FILE) : fixed) + "]");
    System.err.flush();
    return cause.exitCode;
  }

  /** {@code ovload result: FAILED GATES (exit 2): ...}: what a user reads last and a CI log search finds. */
  static String line(ExitCause cause, String detail) {
    return "ovload result: " + cause.words.toUpperCase(java.util.Locale.ROOT) + " (exit " + cause.exitCode + ")"
        + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }
}
