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
import ovload.recording.RunClock;
import ovload.reporting.PostProcessor;
import ovload.reporting.ReportOptions;
import ovload.reporting.ReportResult;
import ovload.reporting.gates.GateResult;

/**
 * The last step of every run, after Gatling has written its report: copy that report into the run
 * folder (so {@code gatling/index.html} and {@code gatling/js/stats.json} sit beside our files)
 * and run the post-processor. The user types nothing more than {@code mvn gatling:test}.
 */
final class ReportStep {
  /** Where Gatling writes its reports; the Maven plugin's default is {@code target/gatling}. */
  static final String RESULTS_PROPERTY = "ovload.gatlingResults";

  private ReportStep() {}

  static void run(Path projectDir, Path runDir, RunClock clock) {
    Path results = projectDir.resolve(System.getProperty(RESULTS_PROPERTY, "target/gatling"));
    Optional<Path> gatlingRun = latestRun(results, clock.startEpochMillis());
    try {
      if (gatlingRun.isPresent()) {
        copyTree(gatlingRun.get(), runDir.resolve("gatling"));
      }
      ReportResult result = PostProcessor.process(runDir, ReportOptions.defaults());
      System.out.println();
      System.out.println("ovload run folder: " + runDir);
      System.out.println("  summary:        " + runDir.resolve("summary.md"));
      System.out.println("  Gatling report: " + (gatlingRun.isPresent()
          ? runDir.resolve("gatling/index.html") : "none (Gatling wrote no report for this run)"));
      if (!result.gatesPassed()) {
        long failed = result.gates().stream().filter(GateResult::failed).count();
        System.err.println("ovload: " + failed + " latency or failure gates failed on our events: see "
            + runDir.resolve("gates.xml"));
        System.out.flush();
        System.err.flush();
        // the run's exit status: a failed gate fails the build, after every report is written
        Runtime.getRuntime().halt(2);
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("ovload: writing the reports of " + runDir + " failed: " + e
          + " (regenerate with: mvn -q exec:java@report -Dexec.args=" + runDir + ")");
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
