package ovload.run;

import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import ovload.config.RunConfig;
import ovload.config.RunPlan;
import ovload.gatling.Operations;
import ovload.gatling.SdkOperations;
import ovload.gatling.feeders.Document;
import ovload.gatling.feeders.MarkdownFeeder;
import ovload.gatling.feeders.UserFiles;
import ovload.model.Phase;
import ovload.provision.OvBinary;
import ovload.recording.PhaseTracker;
import ovload.recording.RunClock;
import ovload.recording.RunOutcome;
import ovload.recording.TaskTracker;

/**
 * One planned run, as the phases see it: its configuration, documents and operations, and the
 * three moments of its own life ({@link #begin}, {@link #loadEnded}, {@link #interrupted}). What
 * it records is in {@link RunRecords}, its adapters in {@link RunAdapters}, what it does around the
 * load in {@link RunPreparation}; the {@link RunLifecycle} owns the server and the runs' order.
 */
public final class RunContext {
  private final RunPlan.PlannedRun planned;
  private final RunConfig config;
  private final UserFiles userFiles;
  private final MarkdownFeeder documents;
  private final RunRecords records;
  private final RunGuard guard;
  private final RunAdapters adapters;
  private final RunPreparation preparation;
  private final AtomicBoolean begun = new AtomicBoolean();
  private final AtomicBoolean loadEnded = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean interrupted = new AtomicBoolean();

  /** Opens the run's event files and adapters; nothing is sent until {@link #begin()}, but the CLI's health. */
  RunContext(RunPlan.PlannedRun planned, Target target, UserFiles userFiles, OvBinary ov,
      ExecutorService adapterThreads, StopSignal stop) {
    this.planned = planned;
    this.config = planned.config().withServerUrl(target.url());
    this.userFiles = userFiles;
    this.documents = new MarkdownFeeder(userFiles.resource(), config.runId(), config.seed(),
        config.data().dataRootUri(), config.paths().localDataDir());
    this.records = new RunRecords(config.paths().outputDir(), planned.label());
    this.guard = new RunGuard(config.abortAfterSeconds(), records.clock(), stop);
    this.preparation = new RunPreparation(config, target, records,
        () -> config.adapters().stream().flatMap(adapter -> seedDocuments(adapter).stream()).toList());
    this.adapters = new RunAdapters(config, ov, records, guard, adapterThreads);
  }

  /**
   * The run's time starts here: its configuration is written, local documents and the remote tree
   * prepared (cleared first unless told not to), and sampling starts. Idempotent.
   */
  public void begin() {
    if (begun.compareAndSet(false, true)) {
      records.clock().restart();
      preparation.prepare(adapters::describe);
    }
  }

  /** {@code -DdrainServerQueues}: after the final drain, waits for the server's own queues to empty. */
  public void awaitServerQueues() {
    preparation.awaitServerQueues();
  }

  /** The run's load is over: leftover tasks become the backlog; optional cleanup; files closed. */
  public void loadEnded() {
    if (!loadEnded.compareAndSet(false, true)) {
      return;
    }
    records.tasks().finalizeIncomplete(Phase.FINAL_DRAIN.wireName());
    preparation.afterLoad();
    closeRunFiles();
  }

  /** The JVM is exiting before this run's load ended (interrupted or failed): complete its folder. */
  void interrupted() {
    if (!begun.get()) {
      records.note("the plan ended before this run began");
      closeRunFiles();
      return;
    }
    if (!loadEnded.get()) {
      interrupted.set(true);
      records.note("the run ended before the load finished (interrupted or failed): figures cover what ran");
    }
    loadEnded();
  }

  /** Releases in reverse order of acquisition: sampling, the adapters, then the run's files; notes last, always. */
  private void closeRunFiles() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    preparation.stopSampling();
    try {
      adapters.close();
    } catch (IOException | RuntimeException e) {
      records.note("closing the adapters failed: " + e.getMessage());
    }
    records.close(outcome());
    records.writeNotes();
  }

  /** The files of this run that could not be written: each makes the run {@code failed}. */
  List<String> writeFailures() {
    return records.failures().causes();
  }

  /** Aborted by the suite, interrupted from outside, or complete; and whether the final drain ended. */
  private RunOutcome outcome() {
    boolean finalDrainRan = records.phases().phases().stream().anyMatch(p -> Phase.FINAL_DRAIN.is(p.scenario()));
    if (guard.aborted()) {
      return new RunOutcome(RunOutcome.ABORTED, guard.abortReason(), finalDrainRan);
    }
    if (!begun.get()) {
      return new RunOutcome(RunOutcome.INTERRUPTED, "the plan ended before this run began", false);
    }
    if (interrupted.get() && !finalDrainRan) {
      return new RunOutcome(RunOutcome.INTERRUPTED, "the run was stopped (interrupted or failed) before its load finished",
          false);
    }
    return new RunOutcome(RunOutcome.COMPLETE, null, finalDrainRan);
  }

  /** An upper bound on the run, so that no run can go on for ever. */
  Duration maxDuration() {
    var w = config.workload();
    double perAdapter = w.warmupSeconds() + w.phaseSeconds() + w.mixedSeconds() + 4 * config.drainTimeoutSeconds();
    double counted = 4.0 * config.connection().timeoutSeconds()
        * (w.resourceCount() + w.sessionCount() * (double) w.messagesPerSession() + w.sessionCount())
        / Math.max(1, Math.min(w.resourceConcurrency(), Math.min(w.sessionConcurrency(), w.commitConcurrency())));
    double finalDrains = (config.watch().serverQueues().drainServerQueues() ? 2 : 1) * config.drainTimeoutSeconds();
    return Duration.ofSeconds((long) (config.adapters().size() * (perAdapter + Math.min(counted, 3600))
        + finalDrains + 60));
  }

  public Operations operations(String adapter) {
    return adapters.operations(adapter);
  }

  /** The sdk adapter's operations, asking for telemetry or not (the cost benchmark runs both in one run). */
  public SdkOperations sdkOperations(boolean askTelemetry) {
    return adapters.sdkOperations(askTelemetry);
  }

  public RunConfig config() {
    return config;
  }

  /** The sdk adapter's HTTP protocol: this run's server (a plan's runs may target different stand-ins). */
  public HttpProtocolBuilder httpProtocol() {
    return adapters.httpProtocol();
  }

  RunPlan.PlannedRun planned() {
    return planned;
  }

  /** Gatling needs unique scenario names: a planned run's carry its label. */
  public String scenarioName(String name) {
    return planned.label().isEmpty() ? name : name + " [" + planned.label() + "]";
  }

  boolean begun() {
    return begun.get();
  }

  /** The run started the embedded stand-in (no URL was given), whose model calls cost nobody anything. */
  public boolean embeddedServer() {
    return planned.config().connection().embeddedServer();
  }

  public RunClock clock() {
    return records.clock();
  }

  public TaskTracker tasks() {
    return records.tasks();
  }

  public PhaseTracker phases() {
    return records.phases();
  }

  public UserFiles userFiles() {
    return userFiles;
  }

  public MarkdownFeeder documents() {
    return documents;
  }

  /** The adapter's add_resources documents: this shard's slice of them. */
  public List<Document> seedDocuments(String adapter) {
    return config.shard().slice(documents.seedDocuments(adapter, config.workload().resourceCount()));
  }
}
