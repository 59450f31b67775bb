package ovload.simulation;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovload.config.RunPlan;
import ovload.recording.RunOutcome;
import ovload.reporting.PostProcessor;
import ovload.reporting.ReportOptions;
import ovload.reporting.ReportResult;
import ovload.reporting.aggregate.RunAggregate;
import ovload.reporting.compare.CompareRuns;
import ovload.reporting.compare.ModelBound;
import ovload.reporting.gates.GateResult;
import ovload.reporting.sweep.SweepReport;
import ovload.reporting.sweep.SweepTable;

/**
 * The last step of every plan, after Gatling has written its report: copy that report into the
 * base folder (so {@code gatling/index.html} and {@code gatling/js/stats.json} sit beside our
 * files), run the post-processor on every run folder, then, for repeated runs, the statistics
 * across the measured ones ({@code aggregate.json}/{@code .csv}) or, for a sweep, its table and
 * chart. The user types nothing more than {@code mvn gatling:test}.
 */
final class ReportStep {
  /** Where Gatling writes its reports; the Maven plugin's default is {@code target/gatling}. */
  static final String RESULTS_PROPERTY = "ovload.gatlingResults";

  private ReportStep() {}

  /** Reports the planned runs that began; halts with 2 when a measured run failed a gate. */
  static void run(Path projectDir, RunPlan plan, List<RunPlan.PlannedRun> ran, long startEpochMillis) {
    Path base = plan.base().outputDir();
    Path results = projectDir.resolve(System.getProperty(RESULTS_PROPERTY, "target/gatling"));
    Optional<Path> gatlingRun = latestRun(results, startEpochMillis);
    List<String> failedGates = new ArrayList<>();
    List<RunPlan.PlannedRun> reported = new ArrayList<>();
    try {
      if (gatlingRun.isPresent()) {
        copyTree(gatlingRun.get(), base.resolve("gatling"));
      }
    } catch (IOException e) {
      System.err.println("ovload: copying Gatling's report failed: " + e);
    }
    for (RunPlan.PlannedRun run : ran) {
      Path dir = run.config().outputDir();
      try {
        ReportResult result = PostProcessor.process(dir, ReportOptions.defaults());
        reported.add(run);
        if (RunOutcome.ABORTED.equals(result.outcome().outcome())) {
          // a stopped load fails the build as a failed gate does, after every report is written
          failedGates.add("the run was aborted: " + result.outcome().reason() + ": see " + dir.resolve("summary.md"));
        } else if (result.outcome().partial()) {
          System.err.println("ovload: the run was " + result.outcome().outcome() + ": its reports cover what ran: " + dir);
        }
        if (!result.gatesPassed() && run.measured()) {
          long failed = result.gates().stream().filter(GateResult::failed).count();
          failedGates.add(failed + " latency or failure gates failed on our events: see " + dir.resolve("gates.xml"));
        }
      } catch (IOException | RuntimeException e) {
        System.err.println("ovload: writing the reports of " + dir + " failed: " + e
            + " (regenerate with: mvn -q exec:java@report -Dexec.args=" + dir + ")");
      }
    }
    System.out.println();
    System.out.println("ovload run folder: " + base);
    System.out.println("  Gatling report: " + (gatlingRun.isPresent()
        ? base.resolve("gatling/index.html") : "none (Gatling wrote no report for this run)"));
    try {
      planOutputs(plan, reported.stream().filter(RunPlan.PlannedRun::measured).toList());
    } catch (IOException | RuntimeException e) {
      System.err.println("ovload: writing the " + plan.kind().name().toLowerCase(Locale.ROOT) + " outputs of "
          + base + " failed: " + e);
    }
    if (!failedGates.isEmpty()) {
      failedGates.forEach(f -> System.err.println("ovload: " + f));
      System.out.flush();
      System.err.flush();
      // the run's exit status: a failed gate fails the build, after every report is written
      Runtime.getRuntime().halt(2);
    }
  }

  private static void planOutputs(RunPlan plan, List<RunPlan.PlannedRun> measured) throws IOException {
    Path base = plan.base().outputDir();
    switch (plan.kind()) {
      case SINGLE -> System.out.println("  summary:        " + base.resolve("summary.md"));
      case REPEATED -> {
        for (RunPlan.PlannedRun run : measured) {
          System.out.println("  measured run:   " + run.config().outputDir().resolve("summary.md"));
        }
        if (measured.size() < 2) {
          System.out.println("  statistics across runs need two or more measured runs: add -Druns=N");
          return;
        }
        List<Path> dirs = measured.stream().map(r -> r.config().outputDir()).toList();
        RunAggregate.write(RunAggregate.aggregate(dirs), dirs, base);
        System.out.println("  across " + dirs.size() + " runs: " + base.resolve("aggregate.csv"));
      }
      case MODEL_MODES -> {
        if (measured.size() == 2) {
          Path baseline = measured.get(0).config().outputDir();
          Path slower = measured.get(1).config().outputDir();
          CompareRuns.Comparison comparison = CompareRuns.compare(baseline, slower, 10);
          CompareRuns.write(comparison, baseline, slower, 10, base);
          ModelBound.write(comparison, baseline, slower, measured.get(0).config().modelMode(),
              measured.get(1).config().modelMode(), base);
          System.out.println("  model modes:    " + base.resolve(ModelBound.FILE) + " (" + base.resolve("comparison.csv") + ")");
        }
      }
      case SWEEP -> {
        List<String> options = plan.axes().stream().map(RunPlan.SweepAxis::option).toList();
        List<SweepReport.Curve> curves = SweepReport.write(base, options, plan.sweepPhase(), measured.stream()
            .map(r -> new SweepTable.Measured(r.point(), r.rep(), r.config().outputDir())).toList());
        System.out.println("  sweep:          " + base.resolve("sweep.md") + " (" + base.resolve(SweepTable.FILE) + ")");
        for (SweepReport.Curve c : curves) {
          System.out.println("    " + c.name() + ": " + c.knee()
              .map(k -> "saturates at " + options.get(0) + "=" + SweepReport.number(k.at().x()))
              .orElse("no saturation within the swept range"));
        }
      }
    }
  }

  /** Gatling run folders written since this run started are candidates; the newest wins. */
  static Optional<Path> latestRun(Path results, long notBeforeEpochMillis) {
    if (!Files.isDirectory(results)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(results)) {
      return runs.filter(p -> Files.exists(p.resolve("index.html")))
          .filter(p -> p.toFile().lastModified() >= notBeforeEpochMillis - 2000)
          .max(Comparator.comparingLong(p -> p.toFile().lastModified()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(from, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        Files.createDirectories(to.resolve(from.relativize(dir).toString()));
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
