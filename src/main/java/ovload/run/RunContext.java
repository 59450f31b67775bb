package ovload.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import ovload.adapters.AdapterResult;
import ovload.adapters.BlockingAdapter;
import ovload.adapters.CliConfigFile;
import ovload.adapters.CliSubprocessAdapter;
import ovload.adapters.ClientLibraryAdapter;
import ovload.client.OpenVikingClient;
import ovload.config.ConfigException;
import ovload.provision.OvBinary;
import ovload.provision.OvHome;
import ovload.config.RunConfig;
import ovload.config.RunConfigFile;
import ovload.config.RunPlan;
import ovload.recording.EventRecorder;
import ovload.recording.ModelStatsFile;
import ovload.model.Phase;
import ovload.recording.PhaseTracker;
import ovload.recording.ResourceSampler;
import ovload.recording.RunClock;
import ovload.recording.ServerQueueDrain;
import ovload.recording.RunOutcome;
import ovload.recording.TaskTracker;
import ovload.gatling.BlockingOperations;
import ovload.gatling.OperationRecorder;
import ovload.gatling.Operations;
import ovload.gatling.SdkOperations;
import ovload.gatling.feeders.Document;
import ovload.gatling.feeders.MarkdownFeeder;
import ovload.gatling.feeders.UserFiles;

/**
 * One planned run, from its configuration to its last file: owns the recorders and adapters its
 * scenarios use, prepares local and remote data when it begins, and closes its files when its load
 * ends, is interrupted or fails. The {@link RunSeries} owns the server and the runs' order.
 */
public final class RunContext {
  static final String NOTES = "notes.json";
  static final String RUN_CONFIG = "run_config.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunPlan.PlannedRun planned;
  private final RunConfig config;
  private final Target target;
  private final UserFiles userFiles;
  private final MarkdownFeeder documents;
  private final RunClock clock = new RunClock();
  private final EventRecorder recorder;
  private final TaskTracker tasks;
  private final PhaseTracker phases;
  private final RunGuard guard;
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService adapterThreads;
  private final Map<String, BlockingAdapter> blockingAdapters = new LinkedHashMap<>();
  private final Path cliConfigFile;
  private final OvBinary ov;
  /** Which {@code ov} the cli-subprocess adapter runs (path, source, version): run_config's {@code ov_cli}. */
  private Map<String, Object> ovCli;
  private final HttpProtocolBuilder httpProtocol;
  private final boolean telemetry;
  private ResourceSampler sampler;
  private OpenVikingClient observer;
  private ModelStatsFile modelStats;
  private final AtomicBoolean begun = new AtomicBoolean();
  private final AtomicBoolean loadEnded = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();
  private final AtomicBoolean interrupted = new AtomicBoolean();

  /** Opens the run's event files and adapters; nothing is sent until {@link #begin()}, but the CLI's health. */
  RunContext(RunPlan.PlannedRun planned, Target target, UserFiles userFiles, OvBinary ov, ExecutorService adapterThreads) {
    this.planned = planned;
    this.ov = ov;
    this.config = planned.config().withServerUrl(target.url());
    this.target = target;
    this.userFiles = userFiles;
    this.adapterThreads = adapterThreads;
    this.documents = new MarkdownFeeder(userFiles.resource(), config.runId(), config.seed(),
        config.data().dataRootUri(), config.paths().localDataDir());
    this.recorder = new EventRecorder(config.paths().outputDir());
    this.tasks = new TaskTracker(recorder, clock);
    this.phases = new PhaseTracker(clock, this::progress);
    this.guard = new RunGuard(config.abortAfterSeconds(), clock);
    this.cliConfigFile = config.paths().localDataDir().resolve("runtime/" + config.runId() + ".ovcli.conf");
    this.httpProtocol = SdkOperations.protocol(config);
    TelemetryProbe probe = TelemetryProbe.decide(config);
    note(probe.note());
    this.telemetry = probe.on();
    try {
      openBlockingAdapters();
    } catch (IOException e) {
      throw new ConfigException("opening the adapters failed: " + e.getMessage());
    }
  }

  /**
   * The run's time starts here: its configuration is written, local documents and the remote tree
   * prepared (cleared first unless told not to), and sampling starts. Idempotent.
   */
  public void begin() {
    if (begun.compareAndSet(false, true)) {
      clock.restart();
      prepare();
    }
  }

  /**
   * {@code -DstartAt}: the shards of a run, prepared each on its own, begin their first phase
   * together. The run's clock starts anew then, so that its time counts from the common start.
   */
  private void awaitStart() throws InterruptedException {
    java.time.Instant at = config.shard().startAt();
    if (at == null) {
      return;
    }
    long waitMillis = at.toEpochMilli() - System.currentTimeMillis();
    if (waitMillis > 0) {
      System.out.printf("ovload %s waits %.1f s for -DstartAt=%s%n",
          config.shard().sharded() ? config.shard().label() + " of " + config.shard().count() : "run",
          waitMillis / 1000.0, at);
      Thread.sleep(waitMillis);
    }
    note("began at -DstartAt " + at + (waitMillis > 0 ? "" : " (" + (-waitMillis) + " ms late: prepared after it)"));
    clock.restart();
  }

  private void prepare() {
    try {
      JSON.writeValue(config.paths().outputDir().resolve(RUN_CONFIG).toFile(), RunConfigFile.of(config, ov.path(), ovCli));
      note(target.description());
      for (String adapter : config.adapters()) {
        seedDocuments(adapter).forEach(Document::write);
      }
      try (OpenVikingClient client = Target.client(config, config.connection().serverUrl())) {
        RemotePreparation remote = new RemotePreparation(client, config);
        if (config.data().clearBeforeRun()) {
          note("cleared " + describe(remote.clear()));
        }
        remote.ensureTree();
      }
      awaitStart();
      startSampler();
      // one generator resets and reads the model provider's counters: the others' resets would erase its counts
      if (config.watch().modelStatsUrl() != null && config.shard().index() == 0) {
        modelStats = new ModelStatsFile(config.watch().modelStatsUrl());
        modelStats.reset();
      }
    } catch (RuntimeException | IOException | InterruptedException e) {
      note("fatal: preparation failed: " + e.getMessage());
      throw new UnreachableServerException("preparing the run failed: " + e.getMessage(), config.paths().outputDir());
    }
  }

  private void openBlockingAdapters() throws IOException {
    if (config.adapters().contains("cli-http")) {
      blockingAdapters.put("cli-http", new ClientLibraryAdapter(Target.settings(config, config.connection().serverUrl()), telemetry));
    }
    if (config.adapters().contains("cli-subprocess")) {
      CliConfigFile.write(cliConfigFile, config.connection().serverUrl(), config.connection().apiKey(), config.connection().account(), config.connection().user(),
          config.connection().timeoutSeconds());
      Path home = OvHome.prepare(config.paths().localDataDir().resolve("runtime/ov-home"));
      CliSubprocessAdapter cli = new CliSubprocessAdapter(ov.path(), cliConfigFile, home, config.connection().timeoutSeconds(), adapterThreads);
      // as the script's adapter initialisation: a CLI that cannot even answer health is an error now
      AdapterResult health = cli.health();
      if (!health.success()) {
        throw new ConfigException("'" + ov.path() + " health' failed (" + health.exceptionType() + ": "
            + health.errorMessage() + "): fix -DovBin or drop cli-subprocess from -Dadapters");
      }
      // our bin/ov has no --version; its source says what it is
      AdapterResult version = ov.projectCli() ? null : cli.version();
      ovCli = new LinkedHashMap<>();
      ovCli.put("path", ov.path());
      ovCli.put("source", ov.source());
      ovCli.put("version", version != null && version.success() && version.result() != null
          ? version.result().asText().strip() : null);
      ovCli.put("project_cli", ov.projectCli());
      ovCli.put("note", ov.note());
      blockingAdapters.put("cli-subprocess", cli);
    }
  }

  /** One row a second into resources.csv; the queue observer costs the server one request a second. */
  private void startSampler() throws IOException {
    observer = new OpenVikingClient(new ovload.client.ClientSettings(config.connection().serverUrl(), config.connection().apiKey(),
        config.connection().account(), config.connection().user(), Duration.ofSeconds(2), Map.of()));
    sampler = new ResourceSampler(config.paths().outputDir(), clock, target.sampled(), this::observerTable);
  }

  /** The server's queue observer table, or null when it cannot be read. */
  private String observerTable() {
    try {
      return observer.observer("queue").path("status").asText(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code -DdrainServerQueues}: after the final drain, waits for the server's own queues to empty. */
  public void awaitServerQueues() {
    try {
      ServerQueueDrain drain = ServerQueueDrain.await(this::observerTable, clock, config.drainTimeoutSeconds());
      drain.write(config.paths().outputDir());
    } catch (IOException e) {
      note("the wait for the server's queues could not be recorded: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      note("the wait for the server's queues was interrupted");
    }
  }

  public Operations operations(String adapter) {
    if (SdkOperations.ADAPTER.equals(adapter)) {
      return sdkOperations(telemetry);
    }
    return new BlockingOperations(blockingAdapters.get(adapter), config, adapterThreads, recorder(adapter));
  }

  /** The sdk adapter's operations, asking for telemetry or not (the cost benchmark runs both in one run). */
  public SdkOperations sdkOperations(boolean askTelemetry) {
    return new SdkOperations(config, recorder(SdkOperations.ADAPTER), clock, askTelemetry);
  }

  private OperationRecorder recorder(String adapter) {
    return new OperationRecorder(adapter, recorder, tasks, clock, guard);
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

  /** The run's load is over: leftover tasks become the backlog; optional cleanup; files closed. */
  public void loadEnded() {
    if (!loadEnded.compareAndSet(false, true)) {
      return;
    }
    tasks.finalizeIncomplete(Phase.FINAL_DRAIN.wireName());
    if (modelStats != null) {
      try {
        modelStats.save(config.paths().outputDir());
      } catch (IOException | InterruptedException e) {
        note("the model provider's stats could not be read from " + config.watch().modelStatsUrl() + ": " + e);
      }
    }
    if (config.data().cleanupAtEnd()) {
      try (OpenVikingClient client = Target.client(config, config.connection().serverUrl())) {
        note("cleanup at end: removed " + describe(new RemotePreparation(client, config).clear()));
      } catch (RuntimeException e) {
        note("cleanup_at_end failed: " + e.getMessage());
      }
    }
    closeRunFiles();
  }

  private String describe(RemotePreparation.Cleared cleared) {
    return config.data().dataRootUri() + ", " + cleared.sessions() + " sessions with prefix " + config.data().sessionPrefix()
        + " and " + cleared.memoryFolders() + " memory folders of theirs";
  }

  /** The JVM is exiting before this run's load ended (interrupted or failed): complete its folder. */
  void interrupted() {
    if (!begun.get()) {
      note("the plan ended before this run began");
      closeRunFiles();
      return;
    }
    if (!loadEnded.get()) {
      interrupted.set(true);
      note("the run ended before the load finished (interrupted or failed): figures cover what ran");
    }
    loadEnded();
  }

  private void closeRunFiles() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    if (sampler != null) {
      sampler.close();
      observer.close();
    }
    blockingAdapters.values().forEach(BlockingAdapter::close);
    try {
      Files.deleteIfExists(cliConfigFile);
      phases.write(config.paths().outputDir());
      recorder.close();
      outcome().write(config.paths().outputDir());
    } catch (IOException | RuntimeException e) {
      note("writing the run files failed: " + e.getMessage());
    }
    writeNotes();
  }

  /** The console's one line per phase (Gatling's own console writer is off: resources/gatling.conf). */
  private void progress(String adapter, String scenario) {
    System.out.printf("ovload %s  %s%-14s %s%n", clock.iso(clock.nanos()).substring(11, 19),
        planned.label().isEmpty() ? "" : "[" + planned.label() + "] ", adapter, scenario);
  }

  /** Aborted by the suite, interrupted from outside, or complete; and whether the final drain ended. */
  private RunOutcome outcome() {
    boolean finalDrainRan = phases.phases().stream().anyMatch(p -> Phase.FINAL_DRAIN.is(p.scenario()));
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

  void note(String text) {
    notes.add(text);
  }

  private void writeNotes() {
    try {
      JSON.writeValue(config.paths().outputDir().resolve(NOTES).toFile(), new ArrayList<>(notes));
    } catch (IOException e) {
      System.err.println("ovload: cannot write " + NOTES + ": " + e.getMessage());
    }
  }

  public RunConfig config() {
    return config;
  }

  /** The sdk adapter's HTTP protocol: this run's server (a plan's runs may target different stand-ins). */
  public HttpProtocolBuilder httpProtocol() {
    return httpProtocol;
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

  public RunClock clock() {
    return clock;
  }

  public TaskTracker tasks() {
    return tasks;
  }

  public PhaseTracker phases() {
    return phases;
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
