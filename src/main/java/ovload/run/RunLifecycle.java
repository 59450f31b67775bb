package ovload.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import ovload.config.ConfigException;
import ovload.config.RunPlan;
import ovload.gatling.feeders.UserFiles;
import ovload.provision.OvBinary;
import ovload.recording.WriteFailures;
import ovload.report.PostProcessor;
import ovload.support.ChildEnvironment;
import ovload.support.DaemonThreads;
import ovload.support.Folders;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The life of one {@code gatling:test}, its runs ({@link RunPlan}: one, repeated, a sweep, model
 * modes, a shard) from the first option read to the JVM's exit. It acquires what the runs hold and
 * releases it in reverse order, as one function owns a run in k6 ({@code internal/cmd/run.go}), and
 * it is the only place of the run's path that tells the JVM to exit. Each of Gatling's hooks is one
 * step:
 * <ol>
 *   <li>The simulation's construction, {@link #open}: every option is validated (a bad one: its
 *       one-line error, the outcome, exit 3, and no load), the local data folder prepared, signals
 *       watched and the exit hook registered, the stand-in started or the server health-checked
 *       (unreachable: exit 4), and every planned run built, its files and adapters opened.
 *   <li>{@code Simulation.before()}, {@link #before}: the first run prepares (its configuration,
 *       documents and remote tree), so that a server that refuses preparation is an error before any
 *       load (exit 4, after the run folder's reports). A plan's later runs prepare in a step of their own.
 *   <li>{@code Simulation.after()}, {@link #after}: the load ended; every run closes its files.
 *   <li>The JVM's shutdown, a hook: Gatling writes its HTML report after {@code after()}, and a
 *       signal ends the JVM without either. Every run's folder is completed, the adapters' threads
 *       and the servers stopped, the {@link ReportStep} run, the local data removed, and the
 *       {@link Verdict} said: {@code outcome.json}, the console's last line, the exit status.
 * </ol>
 */
public final class RunLifecycle {
  /** How long the exit waits for interrupted calls to come back: a killed {@code ov} returns at once. */
  private static final long CALLS_END_SECONDS = 10;
  private final Path projectDir;
  private final RunPlan plan;
  /** How this run ended: its own, so that nothing one run recorded reaches another. */
  private final Verdict verdict;
  /** One embedded stand-in per model mode the plan uses (else the one external server), by mode. */
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final ExecutorService adapterThreads = Executors.newCachedThreadPool(DaemonThreads.named("ovload-adapter"));
  /** The signal that stops this JVM, once it came: every run's calls see it. */
  private final StopSignal stop = new StopSignal();
  private final List<RunContext> runs = new ArrayList<>();
  /** Gatling's {@code after()} ran: the load came to its end (or its abort), not cut off by a signal or crash. */
  private final AtomicBoolean gatlingEnded = new AtomicBoolean();

  private RunLifecycle(Path projectDir, RunPlan plan, Verdict verdict) {
    this.projectDir = projectDir;
    this.plan = plan;
    this.verdict = verdict;
  }

  /** The simulation's construction: options, local data, signals and exit hook, servers, runs; or a refusal. */
  public static RunLifecycle open(Path projectDir) {
    Verdict verdict = new Verdict(projectDir);
    verdict.running(BeforeFork.FORK_RUNNING + ProcessHandle.current().pid() + "): this file is rewritten when it ends");
    try {
      RunPlan plan = RunPlan.fromSystem(projectDir);
      ChildEnvironment.secret(plan.base().connection().apiKey());
      UserFiles userFiles = UserFiles.load(plan.base().paths().userFilesDir());
      requireWritableNewOutputDir(plan.base().paths().outputDir());
      // once every option is checked, so that a bad one fails before any download, and before any load
      OvBinary ov = OvBinary.forRun(plan.base(), projectDir, System.getenv());
      if (plan.base().shard().sharded()) {
        // a shard's folder lies in the common one: marked as ovload's, an unsharded run may wipe it later
        LocalData.prepare(plan.base().paths().localDataDir().getParent(), false);
      }
      LocalData.prepare(plan.base().paths().localDataDir(), plan.base().data().clearBeforeRun());
      RunLifecycle lifecycle = new RunLifecycle(projectDir, plan, verdict);
      lifecycle.watchSignals();
      Runtime.getRuntime().addShutdownHook(new Thread(lifecycle::exitAfterReports, "ovload-finish"));
      lifecycle.build(userFiles, ov);
      return lifecycle;
    } catch (ConfigException e) {
      throw refuse(verdict, e);
    }
  }

  private void build(UserFiles userFiles, OvBinary ov) {
    for (RunPlan.PlannedRun planned : plan.runs()) {
      targets.computeIfAbsent(planned.config().standin().modelMode(), mode -> Target.connect(planned.config()));
    }
    PostProcessor.prepare();
    for (RunPlan.PlannedRun planned : plan.runs()) {
      runs.add(new RunContext(planned, targets.get(planned.config().standin().modelMode()), userFiles, ov, adapterThreads, stop));
    }
  }

  /**
   * The run folder must be new or empty, and writable: tried by writing a file there (and removing
   * it, and the folder if this made it), as only a write tells a read-only mount, an immutable
   * folder or a full disk. Before the stand-in starts and any load.
   */
  private static void requireWritableNewOutputDir(Path dir) {
    try {
      if (Folders.holdsFiles(dir)) {
        throw new ConfigException("-DoutputDir " + dir + " already holds files: choose a new or empty folder");
      }
    } catch (IOException e) {
      throw unwritable(dir, e);
    }
    Path made = null;
    try {
      for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
        made = p;
      }
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".ovload-write-check", "");
      try {
        Files.write(probe, new byte[] {'\n'});
      } finally {
        Files.delete(probe);
      }
    } catch (IOException e) {
      throw unwritable(dir, e);
    } finally {
      removeEmpty(dir.toAbsolutePath(), made);
    }
  }

  private static ConfigException unwritable(Path dir, IOException e) {
    return new ConfigException("-DoutputDir " + dir + " cannot be written (" + WriteFailures.reason(e)
        + "): choose a folder you can write, e.g. -DoutputDir=reports/my-run");
  }

  /** The folders the write check made, from {@code dir} up to {@code top}, go again: the run makes its own. */
  private static void removeEmpty(Path dir, Path top) {
    if (top == null) {
      return;
    }
    for (Path p = dir; p != null && p.startsWith(top); p = p.getParent()) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        return; // not empty or not ours to remove: left as it is
      }
    }
  }

  /** Gatling's {@code before()}: the first run prepares, before any load. */
  public void before() {
    try {
      runs.get(0).begin();
    } catch (UnreachableServerException e) {
      throw refuse(verdict, e);
    }
  }

  /** Gatling's {@code after()}: the load is over; a run that never began (the plan was cut short) only closes. */
  public void after() {
    gatlingEnded.set(true);
    runs.forEach(run -> {
      if (run.begun()) {
        run.loadEnded();
      } else {
        run.interrupted();
      }
    });
  }

  public RunPlan plan() {
    return plan;
  }

  public List<RunContext> runs() {
    return runs;
  }

  public Duration maxDuration() {
    return runs.stream().map(RunContext::maxDuration).reduce(Duration.ofSeconds(240), Duration::plus);
  }

  /**
   * A run refused before its load: one line that names the fix (Gatling's own stack trace would
   * bury it), the outcome, and the JVM's exit with the cause's status. A run that began has its
   * folder's reports written by the exit hook first.
   */
  private static RuntimeException refuse(Verdict verdict, ConfigException e) {
    System.err.println("ovload: " + e.getMessage());
    int status = e instanceof UnreachableServerException unreachable
        ? verdict.refuse(ExitCause.UNREACHABLE_SERVER, e.getMessage(), unreachable.runFolder())
        : verdict.refuse(ExitCause.BAD_OPTION, e.getMessage(), null);
    System.exit(status);
    return e; // not reached: System.exit does not return
  }

  /** Notes SIGINT and SIGTERM as they come, then lets the JVM's own handling (its shutdown, with our hook) go on. */
  private void watchSignals() {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        AtomicReference<SignalHandler> previous = new AtomicReference<>();
        previous.set(Signal.handle(new Signal(name), s -> {
          stop.received("SIG" + name); // first: from here no call starts
          verdict.signal("SIG" + name);
          SignalHandler before = previous.get();
          if (before == SignalHandler.SIG_DFL) {
            System.exit(128 + s.getNumber()); // what the default would do, shutdown hooks included
          } else if (before != SignalHandler.SIG_IGN) {
            before.handle(s); // the JVM's own: its shutdown, with our hook
          }
        }));
      } catch (IllegalArgumentException e) {
        // a JVM that reserves the signal (-Xrs): the run is then reported as failed, not interrupted
      }
    }
  }

  /** The exit hook: the status Gatling would end with knows nothing of our gates or of the causes above. */
  private void exitAfterReports() {
    OptionalInt status = finish();
    if (status.isPresent()) {
      Runtime.getRuntime().halt(status.getAsInt());
    }
  }

  /**
   * The JVM is exiting (normally after Gatling's report, or interrupted). The calls still in flight
   * end first (interrupted), so that each is recorded before its run's files close; then it releases
   * in reverse order of acquisition: the runs, last first (each its sampling, adapters and files),
   * the servers; then the reports, then the local data folder, which came first. Returns the exit
   * status, or empty when a refusal's exit carries it.
   */
  private OptionalInt finish() {
    endCallsInFlight();
    for (int i = runs.size() - 1; i >= 0; i--) {
      runs.get(i).interrupted();
    }
    List<Target> servers = new ArrayList<>(targets.values());
    for (int i = servers.size() - 1; i >= 0; i--) {
      servers.get(i).close();
    }
    List<RunContext> begun = runs.stream().filter(RunContext::begun).toList();
    if (begun.isEmpty()) {
      return OptionalInt.empty(); // refused before any run began: the one-line error and its outcome are all there is to say
    }
    begun.forEach(run -> run.writeFailures().forEach(verdict::failed));
    List<String> failedGates = new ReportStep(projectDir, plan, verdict)
        .run(begun.stream().map(RunContext::planned).toList(), begun.get(0).clock().startEpochMillis());
    removeLocalDataAtEnd();
    if (verdict.refusalReported()) {
      return OptionalInt.empty();
    }
    ExitCause cause = verdict.decide(gatlingEnded.get(), !failedGates.isEmpty());
    return OptionalInt.of(verdict.report(plan.base().paths().outputDir(), cause,
        verdict.detail(cause, String.join("; ", failedGates)), true));
  }

  /** Interrupts the adapters' calls still running and waits, briefly, for each to be recorded. */
  private void endCallsInFlight() {
    adapterThreads.shutdownNow();
    try {
      if (!adapterThreads.awaitTermination(CALLS_END_SECONDS, TimeUnit.SECONDS)) {
        System.err.println("ovload: some adapter calls did not end within " + CALLS_END_SECONDS + " s of the exit: they are not recorded");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** cleanupAtEnd's local half, once for the plan: its runs share the folder, the first thing acquired. */
  private void removeLocalDataAtEnd() {
    if (!plan.base().data().cleanupAtEnd()) {
      return;
    }
    try {
      LocalData.remove(plan.base().paths().localDataDir());
      System.out.println("  cleanup at end: removed " + plan.base().paths().localDataDir());
    } catch (IOException e) {
      System.err.println("ovload: cleanup at end could not remove " + plan.base().paths().localDataDir() + ": " + e.getMessage());
    }
  }
}
