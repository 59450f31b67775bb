package ovload.simulation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import ovload.actions.AdapterResult;
import ovload.actions.BlockingAdapter;
import ovload.actions.CliConfigFile;
import ovload.actions.CliSubprocessAdapter;
import ovload.actions.ClientLibraryAdapter;
import ovload.client.OpenVikingClient;
import ovload.config.ConfigException;
import ovload.config.RunConfig;
import ovload.recording.EventRecorder;
import ovload.recording.PhaseTracker;
import ovload.recording.ResourceSampler;
import ovload.recording.RunClock;
import ovload.recording.TaskTracker;

/**
 * One run from configuration to the last file: validates the options, connects to (or starts) the
 * target, prepares local and remote data, owns the recorders and adapters the scenarios use, and
 * finishes the run folder when the load ends, is interrupted or fails.
 */
final class RunContext {
  static final String NOTES = "notes.json";
  static final String RUN_CONFIG = "run_config.json";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunConfig config;
  private final Path projectDir;
  private final Target target;
  private final UserFiles userFiles;
  private final MarkdownFeeder documents;
  private final RunClock clock = new RunClock();
  private final EventRecorder recorder;
  private final TaskTracker tasks;
  private final PhaseTracker phases = new PhaseTracker(clock);
  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final ExecutorService adapterThreads = Executors.newCachedThreadPool(daemonThreads("ovload-adapter"));
  private final Map<String, BlockingAdapter> blockingAdapters = new LinkedHashMap<>();
  private final Path cliConfigFile;
  private ResourceSampler sampler;
  private OpenVikingClient observer;
  private final AtomicBoolean loadEnded = new AtomicBoolean();
  private final AtomicBoolean finished = new AtomicBoolean();

  private RunContext(RunConfig config, Path projectDir, Target target, UserFiles userFiles) {
    this.config = config;
    this.projectDir = projectDir;
    this.target = target;
    this.userFiles = userFiles;
    this.documents = new MarkdownFeeder(userFiles.resource(), config.runId(), config.seed(),
        config.dataRootUri(), config.localDataDir());
    this.recorder = new EventRecorder(config.outputDir());
    this.tasks = new TaskTracker(recorder, clock);
    this.cliConfigFile = config.localDataDir().resolve("runtime/ovcli.conf");
  }

  /**
   * Everything that can be wrong with the options is checked here, before any request; the embedded
   * stand-in starts, or the given server is health-checked; then the run folder opens.
   */
  static RunContext open(Path projectDir) {
    RunConfig requested = RunConfig.fromSystem(projectDir);
    UserFiles userFiles = UserFiles.load(requested.userFilesDir());
    requireNewOutputDir(requested.outputDir());
    LocalData.prepare(requested.localDataDir(), requested.clearBeforeRun());
    Target target = Target.connect(requested);
    RunContext run = new RunContext(requested.withServerUrl(target.url()), projectDir, target, userFiles);
    ovload.reporting.PostProcessor.prepare();
    Runtime.getRuntime().addShutdownHook(new Thread(run::finishOnExit, "ovload-finish"));
    run.prepare();
    return run;
  }

  private static void requireNewOutputDir(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      if (entries.findAny().isPresent()) {
        throw new ConfigException("-DoutputDir " + dir + " already holds files: choose a new or empty folder");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prepare() {
    try {
      JSON.writeValue(config.outputDir().resolve(RUN_CONFIG).toFile(), config.describe());
      note(target.embedded()
          ? "embedded OpenViking stand-in at " + config.serverUrl() + " (model mode " + config.modelMode() + ")"
          : "target OpenViking server " + config.serverUrl());
      for (String adapter : config.adapters()) {
        documents.seedDocuments(adapter, config.workload().resourceCount()).forEach(Document::write);
      }
      try (OpenVikingClient client = Target.client(config, config.serverUrl())) {
        RemotePreparation remote = new RemotePreparation(client, config);
        if (config.clearBeforeRun()) {
          int sessions = remote.clear();
          note("cleared " + config.dataRootUri() + " and " + sessions + " sessions with prefix " + config.sessionPrefix());
        }
        remote.ensureTree();
      }
      openBlockingAdapters();
      startSampler();
    } catch (RuntimeException | IOException e) {
      note("fatal: preparation failed: " + e.getMessage());
      throw new ConfigException("preparing the run failed: " + e.getMessage());
    }
  }

  private void openBlockingAdapters() throws IOException {
    if (config.adapters().contains("cli-http")) {
      blockingAdapters.put("cli-http", new ClientLibraryAdapter(Target.client(config, config.serverUrl())));
    }
    if (config.adapters().contains("cli-subprocess")) {
      CliConfigFile.write(cliConfigFile, config.serverUrl(), config.apiKey(), config.account(), config.user(),
          config.timeoutSeconds());
      CliSubprocessAdapter cli = new CliSubprocessAdapter(config.ovBin(), cliConfigFile, config.timeoutSeconds(), adapterThreads);
      // as the script's adapter initialisation: a CLI that cannot even answer health is an error now
      AdapterResult health = cli.health();
      if (!health.success()) {
        throw new ConfigException("'" + config.ovBin() + " health' failed (" + health.exceptionType() + ": "
            + health.errorMessage() + "): fix -DovBin or drop cli-subprocess from -Dadapters");
      }
      blockingAdapters.put("cli-subprocess", cli);
    }
  }

  /** One row a second into resources.csv; the queue observer costs the server one request a second. */
  private void startSampler() throws IOException {
    observer = new OpenVikingClient(new ovload.client.ClientSettings(config.serverUrl(), config.apiKey(),
        config.account(), config.user(), Duration.ofSeconds(2), Map.of()));
    ResourceSampler.Target sampled = target.embedded() ? new ResourceSampler.Target("standin-", null)
        : config.targetPid() != null ? new ResourceSampler.Target(null, config.targetPid()) : null;
    sampler = new ResourceSampler(config.outputDir(), clock, sampled, () -> {
      try {
        return observer.observer("queue").path("status").asText(null);
      } catch (RuntimeException e) {
        return null;
      }
    });
  }

  Operations operations(String adapter) {
    OperationRecorder operationRecorder = new OperationRecorder(adapter, recorder, tasks, clock);
    if (SdkOperations.ADAPTER.equals(adapter)) {
      return new SdkOperations(config, operationRecorder, clock);
    }
    return new BlockingOperations(blockingAdapters.get(adapter), config, adapterThreads, operationRecorder);
  }

  /** An upper bound on the whole run, so that no run can go on for ever. */
  Duration maxDuration() {
    var w = config.workload();
    double perAdapter = w.warmupSeconds() + w.phaseSeconds() + w.mixedSeconds() + 4 * config.drainTimeoutSeconds();
    double counted = 4.0 * config.timeoutSeconds()
        * (w.resourceCount() + w.sessionCount() * (double) w.messagesPerSession() + w.sessionCount())
        / Math.max(1, Math.min(w.resourceConcurrency(), Math.min(w.sessionConcurrency(), w.commitConcurrency())));
    return Duration.ofSeconds((long) (config.adapters().size() * (perAdapter + Math.min(counted, 3600))
        + config.drainTimeoutSeconds() + 300));
  }

  /** Gatling's {@code after()}: the load is over. Leftover tasks become the backlog; optional cleanup. */
  void loadEnded() {
    if (!loadEnded.compareAndSet(false, true)) {
      return;
    }
    tasks.finalizeIncomplete(Phases.FINAL_DRAIN);
    if (config.cleanupAtEnd()) {
      try (OpenVikingClient client = Target.client(config, config.serverUrl())) {
        int sessions = new RemotePreparation(client, config).clear();
        note("cleanup at end: removed " + config.dataRootUri() + " and " + sessions + " sessions");
      } catch (RuntimeException e) {
        note("cleanup_at_end failed: " + e.getMessage());
      }
    }
    closeRunFiles();
  }

  /** The JVM is exiting (normally after Gatling's reports, or interrupted): complete the run folder. */
  private void finishOnExit() {
    if (!loadEnded.get()) {
      note("the run ended before the load finished (interrupted or failed): figures cover what ran");
      loadEnded();
    }
    closeRunFiles();
    ReportStep.run(projectDir, config.outputDir(), clock);
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
    adapterThreads.shutdownNow();
    target.close();
    try {
      Files.deleteIfExists(cliConfigFile);
      phases.write(config.outputDir());
      recorder.close();
    } catch (IOException | RuntimeException e) {
      note("writing the run files failed: " + e.getMessage());
    }
    writeNotes();
  }

  void note(String text) {
    notes.add(text);
  }

  private void writeNotes() {
    try {
      JSON.writeValue(config.outputDir().resolve(NOTES).toFile(), new ArrayList<>(notes));
    } catch (IOException e) {
      System.err.println("ovload: cannot write " + NOTES + ": " + e.getMessage());
    }
  }

  RunConfig config() {
    return config;
  }

  RunClock clock() {
    return clock;
  }

  TaskTracker tasks() {
    return tasks;
  }

  PhaseTracker phases() {
    return phases;
  }

  UserFiles userFiles() {
    return userFiles;
  }

  MarkdownFeeder documents() {
    return documents;
  }

  List<Document> seedDocuments(String adapter) {
    return documents.seedDocuments(adapter, config.workload().resourceCount());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
