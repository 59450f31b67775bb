package ovload.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiConsumer;
import ovload.config.RunConfigFile;
import ovload.recording.EventRecorder;
import ovload.recording.PhaseTracker;
import ovload.recording.RunClock;
import ovload.recording.RunOutcome;
import ovload.recording.TaskTracker;
import ovload.recording.WriteFailures;
import ovload.support.Json;

/**
 * One run's folder as it fills: its clock, its event files and the trackers that write them, its
 * notes, {@code run_config.json}, and the closing of them all. Whatever else a run does, what it
 * recorded ends up here.
 */
final class RunRecords {
  static final String NOTES = "notes.json";
  static final String RUN_CONFIG = "run_config.json";

  private final Path dir;
  /** The planned run's label in the console's lines; empty for a single run. */
  private final String label;
  private final RunClock clock = new RunClock();
  private final EventRecorder events;
  private final TaskTracker tasks;
  private final PhaseTracker phases;
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  /** Told (adapter, scenario) when a phase starts, besides the console: the server's profiles follow the phases. */
  private volatile BiConsumer<String, String> phaseWatch = (adapter, scenario) -> { };
  private final WriteFailures failures = new WriteFailures();

  RunRecords(Path dir, String label) {
    this.dir = dir;
    this.label = label;
    this.events = new EventRecorder(dir, failures);
    this.tasks = new TaskTracker(events, clock);
    this.phases = new PhaseTracker(clock, this::progress);
  }

  void note(String text) {
    notes.add(text);
  }

  /** {@code run_config.json}: the run's options as it began, with what it found (the {@code ov} it runs). */
  void writeConfig(RunConfigFile described) {
    write(RUN_CONFIG, () -> Json.PRETTY.writeValue(dir.resolve(RUN_CONFIG).toFile(), described));
  }

  /** {@code phases.json}, the event files and {@code run_outcome.json}; {@link #writeNotes} comes after, always. */
  void close(RunOutcome outcome) {
    write(PhaseTracker.FILE, () -> phases.write(dir));
    events.close();
    write(RunOutcome.FILE, () -> outcome.write(dir));
  }

  void writeNotes() {
    write(NOTES, () -> Json.PRETTY.writeValue(dir.resolve(NOTES).toFile(), new ArrayList<>(notes)));
  }

  /** The files of this run that could not be written, each a cause of the run's failure. */
  WriteFailures failures() {
    return failures;
  }

  private interface Write {
    void run() throws IOException;
  }

  private void write(String file, Write write) {
    try {
      write.run();
    } catch (IOException e) {
      failures.failed(file, e);
    }
  }

  void watchPhases(BiConsumer<String, String> watch) {
    this.phaseWatch = watch;
  }

  /** The console's one line per phase (Gatling's own console writer is off: resources/gatling.conf). */
  private void progress(String adapter, String scenario) {
    System.out.printf("ovload %s  %s%-14s %s%n", clock.iso(clock.nanos()).substring(11, 19),
        label.isEmpty() ? "" : "[" + label + "] ", adapter, scenario);
    phaseWatch.accept(adapter, scenario);
  }

  RunClock clock() {
    return clock;
  }

  EventRecorder events() {
    return events;
  }

  TaskTracker tasks() {
    return tasks;
  }

  PhaseTracker phases() {
    return phases;
  }
}
