package ovload.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import ovload.config.ConfigException;
import ovload.config.RunPlan;
import ovload.provision.OvBinary;
import ovload.support.DaemonThreads;
import ovload.support.Folders;
import ovload.gatling.feeders.UserFiles;

/**
 * The runs of one {@code gatling:test} ({@link RunPlan}): one, repeated, a sweep, or model modes. Validates
 * every option before any request, starts (or health-checks) the server once for all runs, builds
 * each run's context, and when the JVM exits writes every run folder's reports and the plan's
 * aggregate or sweep table.
 */
public final class RunSeries {
  private final RunPlan plan;
  private final Path projectDir;
  /** One embedded stand-in per model mode the plan uses (else the one external server), by mode. */
  private final Map<String, Target> targets;
  private final List<RunContext> runs = new ArrayList<>();
  private final ExecutorService adapterThreads = Executors.newCachedThreadPool(DaemonThreads.named("ovload-adapter"));
  /** Gatling's {@code after()} ran: the load came to its end (or its abort), not cut off by a signal or crash. */
  private final AtomicBoolean gatlingEnded = new AtomicBoolean();

  private RunSeries(RunPlan plan, Path projectDir, Map<String, Target> targets) {
    this.plan = plan;
    this.projectDir = projectDir;
    this.targets = targets;
  }

  public static RunSeries open(Path projectDir) {
    RunPlan plan = RunPlan.fromSystem(projectDir);
    UserFiles userFiles = UserFiles.load(plan.base().paths().userFilesDir());
    requireNewOutputDir(plan.base().paths().outputDir());
    // once every option is checked, so that a bad one fails before any download, and before any load
    OvBinary ov = OvBinary.forRun(plan.base(), projectDir, System.getenv());
    if (plan.base().shard().sharded()) {
      // a shard's folder lies in the common one: marked as ovload's, an unsharded run may wipe it later
      LocalData.prepare(plan.base().paths().localDataDir().getParent(), false);
    }
    LocalData.prepare(plan.base().paths().localDataDir(), plan.base().data().clearBeforeRun());
    Map<String, Target> targets = new LinkedHashMap<>();
    RunSeries series = new RunSeries(plan, projectDir, targets);
    Outcome.watchSignals();
    Runtime.getRuntime().addShutdownHook(new Thread(series::finishOnExit, "ovload-finish"));
    for (RunPlan.PlannedRun planned : plan.runs()) {
      targets.computeIfAbsent(planned.config().standin().modelMode(), mode -> Target.connect(planned.config()));
    }
    ovload.report.PostProcessor.prepare();
    for (RunPlan.PlannedRun planned : plan.runs()) {
      series.runs.add(new RunContext(planned, targets.get(planned.config().standin().modelMode()), userFiles, ov, series.adapterThreads));
    }
    // the first run prepares now, so that a server that refuses preparation is an error before any load
    series.runs.get(0).begin();
    return series;
  }

  private static void requireNewOutputDir(Path dir) {
    try {
      if (Folders.holdsFiles(dir)) {
        throw new ConfigException("-DoutputDir " + dir + " already holds files: choose a new or empty folder");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** Gatling's {@code after()}: the load is over; a run that never began (the plan was cut short) only closes. */
  public void loadEnded() {
    gatlingEnded.set(true);
    runs.forEach(run -> {
      if (run.begun()) {
        run.loadEnded();
      } else {
        run.interrupted();
      }
    });
  }

  /**
   * The JVM is exiting (normally after Gatling's reports, or interrupted): complete every folder,
   * then say how the run ended and end with that status. A run refused at the start has said so.
   */
  private void finishOnExit() {
    runs.forEach(RunContext::interrupted);
    adapterThreads.shutdownNow();
    targets.values().forEach(Target::close);
    List<RunContext> begun = runs.stream().filter(RunContext::begun).toList();
    if (begun.isEmpty()) {
      return; // refused before any run began: the one-line error and its outcome are all there is to say
    }
    List<String> failedGates = ReportStep.run(projectDir, plan, begun.stream().map(RunContext::planned).toList(),
        begun.get(0).clock().startEpochMillis());
    removeLocalDataAtEnd();
    if (Outcome.refusalReported(projectDir)) {
      return; // the refusal's System.exit carries its status
    }
    ExitCause cause = Outcome.decide(gatlingEnded.get(), !failedGates.isEmpty());
    int status = Outcome.report(projectDir, plan.base().paths().outputDir(), cause, Outcome.detail(cause, String.join("; ", failedGates)), true);
    // the status Gatling would end with knows nothing of our gates or of the causes above
    Runtime.getRuntime().halt(status);
  }

  /** cleanupAtEnd's local half, once for the plan: its runs share the folder. */
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
