package ovload.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import ovload.support.Json;

/**
 * How one run ended, said three ways: the console's last line, {@code outcome.json} (in the run
 * folder, and always at {@code target/ovload-outcome.json}, where a run refused before it had a
 * folder leaves it too) and the JVM's exit status ({@link ExitCause}). A signal, an abort or a
 * refusal is recorded as it happens; the rest is decided when the run finishes. Each
 * {@link RunLifecycle} holds its own verdict, so that what one run recorded never reaches another.
 */
final class Verdict {
  static final String FILE = "outcome.json";
  static final String FIXED = "target/ovload-outcome.json";

  private final Path projectDir;
  private final AtomicReference<String> signal = new AtomicReference<>();
  private final AtomicReference<String> abort = new AtomicReference<>();
  private final AtomicReference<Refusal> refused = new AtomicReference<>();
  private final List<String> failures = new CopyOnWriteArrayList<>();

  /** @param projectDir where {@link #FIXED} lies */
  Verdict(Path projectDir) {
    this.projectDir = projectDir;
  }

  /** SIGINT or SIGTERM came ({@code SIGINT}): the first one wins. */
  void signal(String name) {
    signal.compareAndSet(null, name);
  }

  /** The load was stopped on purpose (a dead server): the first reason wins. */
  void abort(String reason) {
    abort.compareAndSet(null, reason);
  }

  /**
   * A file of the run could not be written ({@code could not write request_events.jsonl: No space
   * left on device}): the run failed, whatever its gates say, as its figures miss what was lost.
   */
  void failed(String cause) {
    if (!failures.contains(cause)) {
      failures.add(cause);
    }
  }

  /**
   * The run is refused before its load (a bad option, an unreachable server); the message is
   * printed already. With no run folder the outcome is written now; a run that began has its
   * reports written first ({@link #refusalReported}). Returns the exit status.
   */
  int refuse(ExitCause cause, String message, Path runFolder) {
    refused.set(new Refusal(cause, message, runFolder));
    if (runFolder == null) {
      report(null, cause, message, false);
    }
    return cause.exitCode;
  }

  /** When the refused run had begun, its outcome, after its reports; false when no run was refused. */
  boolean refusalReported() {
    Refusal refusal = refused.get();
    if (refusal == null) {
      return false;
    }
    if (refusal.runFolder() != null) {
      report(refusal.runFolder(), refusal.cause(), refusal.message(), false);
    }
    return true;
  }

  private record Refusal(ExitCause cause, String message, Path runFolder) {}

  /** The cause of a run whose reports are written: signal, a file not written, abort, an early end, failed gates, or a pass. */
  ExitCause decide(boolean loadEnded, boolean gatesFailed) {
    if (signal.get() != null) {
      return ExitCause.INTERRUPTED;
    }
    if (!failures.isEmpty()) {
      return ExitCause.FAILED;
    }
    if (abort.get() != null) {
      return ExitCause.ABORTED;
    }
    if (!loadEnded) {
      return ExitCause.FAILED;
    }
    return gatesFailed ? ExitCause.FAILED_GATES : ExitCause.PASSED;
  }

  /** The detail for a cause decided by {@link #decide}, when the caller has none of its own. */
  String detail(ExitCause cause, String gates) {
    return switch (cause) {
      case INTERRUPTED -> signal.get() + " before the load ended: the figures cover what ran, no final drain ran";
      case ABORTED -> abort.get();
      case FAILED -> failures.isEmpty() ? "the load generator stopped before the load ended: see Gatling's error above"
          : String.join("; ", failures);
      default -> gates;
    };
  }

  /** {@code outcome.json}'s fields, in their order; a refused run's folder is written as null. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"outcome", "exit_code", "detail", "run_folder", "finished_at"})
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record OutcomeFile(String outcome, Integer exitCode, String detail, String runFolder, String finishedAt) {
    /** A run under way, with no exit status or end yet. */
    boolean running() {
      return RUNNING.equals(outcome);
    }
  }

  /** The outcome while the run is under way: never a previous run's verdict read as this one's. */
  static final String RUNNING = "running";

  /**
   * Marks the fixed outcome file {@code running}: written as the run begins (by Maven before it
   * forks, {@link BeforeFork}, and by the Gatling JVM as it starts), rewritten with the verdict at
   * the end, so that a stale file is never read as this run's.
   */
  void running(String detail) {
    write(projectDir.resolve(FIXED), new OutcomeFile(RUNNING, null, detail, null, null));
  }

  /** The fixed outcome file as it is now; empty when there is none or it cannot be read. */
  static Optional<OutcomeFile> current(Path projectDir) {
    try {
      return Optional.of(Json.MAPPER.readValue(projectDir.resolve(FIXED).toFile(), OutcomeFile.class));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void write(Path file, OutcomeFile outcome) {
    try {
      Files.createDirectories(file.getParent());
      Json.PRETTY.writeValue(file.toFile(), outcome);
    } catch (IOException e) {
      System.err.println("ovload: cannot write " + file + ": " + e.getMessage());
    }
  }

  /**
   * Writes the outcome files and prints the last line. Returns the exit status.
   *
   * @param runFolder the run's folder, or null when none was made
   * @param echoDetail false when the detail is the line printed just before
   */
  int report(Path runFolder, ExitCause cause, String detail, boolean echoDetail) {
    boolean inFolder = runFolder != null && Files.isDirectory(runFolder);
    OutcomeFile outcome = new OutcomeFile(cause.key(), cause.exitCode, detail,
        inFolder ? runFolder.toString() : null, Instant.now().toString());
    Path fixed = projectDir.resolve(FIXED);
    try {
      Files.createDirectories(fixed.getParent());
      Json.PRETTY.writeValue(fixed.toFile(), outcome);
      if (inFolder) {
        Json.PRETTY.writeValue(runFolder.resolve(FILE).toFile(), outcome);
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
    return "ovload result: " + cause.words.toUpperCase(Locale.ROOT) + " (exit " + cause.exitCode + ")"
        + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }
}
