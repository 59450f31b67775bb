package ovload.recording;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import ovload.support.Json;

/**
 * How a run's load ended, written by the simulation into {@code run_outcome.json} and read by the
 * reports: {@code complete}, {@code aborted} (the suite stopped the load, e.g. the server stopped
 * answering) or {@code interrupted} (the JVM was stopped first, e.g. Ctrl-C). Only a complete run's
 * figures describe the whole workload, and only a run whose final drain ran has a backlog.
 *
 * @param reason why the load stopped early, in words; null for a complete run
 */
public record RunOutcome(
    @JsonProperty("outcome") String outcome,
    @JsonProperty("reason") String reason,
    @JsonProperty("final_drain_ran") boolean finalDrainRan) {
  public static final String FILE = "run_outcome.json";
  public static final String COMPLETE = "complete";
  public static final String ABORTED = "aborted";
  public static final String INTERRUPTED = "interrupted";

  /** Not every step ran: the figures cover part of the workload. */
  public boolean partial() {
    return !COMPLETE.equals(outcome);
  }

  /** {@code ABORTED}, {@code INTERRUPTED}: for a headline. */
  public String headline() {
    return outcome.toUpperCase(Locale.ROOT);
  }

  public void write(Path runDir) throws IOException {
    Json.PRETTY.writeValue(runDir.resolve(FILE).toFile(), this);
  }

  /** The run folder's outcome; a folder without the file (written before it existed) was complete. */
  public static RunOutcome read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    return Files.exists(file) ? Json.MAPPER.readValue(file.toFile(), RunOutcome.class) : new RunOutcome(COMPLETE, null, true);
  }
}
