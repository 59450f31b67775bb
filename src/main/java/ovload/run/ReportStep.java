package ovload.run;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import ovload.analysis.aggregate.RunAggregate;
import ovload.analysis.compare.CompareRuns;
import ovload.analysis.compare.ModelBound;
import ovload.analysis.compare.Thresholds;
import ovload.analysis.sweep.SweepReport;
import ovload.analysis.sweep.SweepTable;
import ovload.config.RunPlan;
import ovload.recording.RunOutcome;
import ovload.recording.WriteFailures;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;
import ovload.report.gates.GateResult;

/**
 * The last step of every plan, after Gatling has written its report: move that report into the
 * base folder under the name Gatling gave it ({@code contentionsimulation-<date>/index.html} beside
 * our files; moved, not copied, so that Jenkins' Gatling plugin, which archives every folder holding
 * a {@code js/global_stats.json}, sees each run once), run the post-processor on every run folder,
 * then, for repeated runs, the statistics across the measured ones ({@code aggregate.json}/{@code .csv})
 * or, for a sweep, its table and chart. The user types nothing more than {@code mvn gatling:test}.
 * {@link RunLifecycle} calls it once, when the JVM exits; a stopped load it finds goes to the
 * run's {@link Verdict}.
 */
record ReportStep(Path projectDir, RunPlan plan, Verdict verdict) {
  /** Where Gatling writes its reports; the Maven plugin's default is {@code target/gatling}. */
  static final String RESULTS_PROPERTY = "ovload.gatlingResults";

  /** Reports the planned runs that began; returns one line per measured run that failed a gate (none: passed). */
  List<String> run(List<RunPlan.PlannedRun> ran, long startEpochMillis) {
    Path base = plan.base().paths().outputDir();
    Path results = projectDir.resolve(System.getProperty(RESULTS_PROPERTY, "target/gatling"));
    Optional<Path> gatlingRun = latestRun(results, startEpochMillis);
    List<String> failedGates = new ArrayList<>();
    List<RunPlan.PlannedRun> reported = new ArrayList<>();
    Optional<Path> report = Optional.empty();
    try {
      if (gatlingRun.isPresent()) {
        report = Optional.of(move(gatlingRun.get(), base.resolve(gatlingRun.get().getFileName().toString())));
      }
    } catch (IOException e) {
      String cause = "could not move Gatling's report into " + base + ": " + WriteFailures.reason(e);
      System.err.println("ovload: failed: " + cause);
      verdict.failed(cause);
    }
    for (RunPlan.PlannedRun run : ran) {
      Path dir = run.config().paths().outputDir();
      try {
        ReportResult result = PostProcessor.process(dir, ReportOptions.defaults());
        reported.add(run);
        if (RunOutcome.ABORTED.equals(result.outcome().outcome())) {
          // a stopped load ends the build with its own cause (ExitCause.ABORTED), after every report is written
          verdict.abort(result.outcome().reason() + ": see " + dir.resolve("summary.md"));
        } else if (result.outcome().partial()) {
          System.err.println("ovload: the run was " + result.outcome().outcome() + ": its reports cover what ran: " + dir);
        }
        if (!result.gatesPassed() && run.measured()) {
          long failed = result.gates().stream().filter(GateResult::failed).count();
          failedGates.add(failed + " latency, failure or backlog gates failed on our events: see " + dir.resolve("gates.xml"));
        }
      } catch (IOException | RuntimeException e) {
        // our gates are checked while reporting: unchecked, they neither passed nor failed; the run failed
        String cause = "could not write the reports of " + dir + ": "
            + (e instanceof IOException io ? WriteFailures.reason(io) : e.toString().lines().findFirst().orElse(""));
        System.err.println("ovload: failed: " + cause + " (regenerate with: mvn -q exec:java@report -Dexec.args=" + dir + ")");
        verdict.failed(cause);
      }
    }
    System.out.println();
    System.out.println("ovload run folder: " + base);
    System.out.println("  Gatling report: " + report.map(r -> r.resolve("index.html").toString())
        .orElse("none (Gatling wrote no report for this run)"));
    try {
      planOutputs(reported.stream().filter(RunPlan.PlannedRun::measured).toList());
    } catch (IOException | RuntimeException e) {
      System.err.println("ovload: writing the " + plan.kind().name().toLowerCase(Locale.ROOT) + " outputs of "
          + base + " failed: " + e);
    }
    return failedGates; // the console's last line names them, once
  }

  private void planOutputs(List<RunPlan.PlannedRun> measured) throws IOException {
    Path base = plan.base().paths().outputDir();
    switch (plan.kind()) {
      case SINGLE -> System.out.println("  summary:        " + (Files.exists(base.resolve("summary.md"))
          ? base.resolve("summary.md") + " (in a browser: summary.html)" : "none: writing the reports failed (above)"));
      case REPEATED -> {
        for (RunPlan.PlannedRun run : measured) {
          System.out.println("  measured run:   " + run.config().paths().outputDir().resolve("summary.md"));
        }
        if (measured.size() < 2) {
          System.out.println("  statistics across runs need two or more measured runs: add -Druns=N");
          return;
        }
        List<Path> dirs = measured.stream().map(r -> r.config().paths().outputDir()).toList();
        RunAggregate.write(RunAggregate.aggregate(dirs), dirs, base);
        System.out.println("  across " + dirs.size() + " runs: " + base.resolve("aggregate.csv"));
      }
      case MODEL_MODES -> {
        if (measured.size() == 2) {
          Path baseline = measured.get(0).config().paths().outputDir();
          Path slower = measured.get(1).config().paths().outputDir();
          CompareRuns.Comparison comparison = CompareRuns.compare(baseline, slower, Thresholds.DEFAULTS);
          CompareRuns.write(comparison, baseline, slower, base);
          ModelBound.write(comparison, baseline, slower, measured.get(0).config().standin().modelMode(),
              measured.get(1).config().standin().modelMode(), base);
          System.out.println("  model modes:    " + base.resolve(ModelBound.FILE) + " (" + base.resolve("comparison.csv") + ")");
        }
      }
      case SWEEP -> {
        List<String> options = plan.axes().stream().map(RunPlan.SweepAxis::option).toList();
        List<SweepReport.Curve> curves = SweepReport.write(base, options, plan.sweepPhase(), measured.stream()
            .map(r -> new SweepTable.Measured(r.point(), r.rep(), r.config().paths().outputDir())).toList());
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

  /** A rename where it can (one file system), else a copy and a delete: either way one report remains. */
  private static Path move(Path from, Path to) throws IOException {
    try {
      return Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      copyTree(from, to);
      try (Stream<Path> paths = Files.walk(from)) {
        for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
      return to;
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
