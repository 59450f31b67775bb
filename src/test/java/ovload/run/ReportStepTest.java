package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.config.RunPlan;
import ovload.recording.RunOutcome;

/** Our gates are checked while the reports are written: when writing them fails, the run must not pass. */
class ReportStepTest {
  @TempDir Path project;

  private RunPlan plan() {
    return plan("run");
  }

  private RunPlan plan(String folder) {
    Properties p = new Properties();
    p.setProperty("adapters", "sdk");
    p.setProperty("profile", "smoke");
    p.setProperty("outputDir", project.resolve(folder).toString());
    return RunPlan.from(p, Map.of(), project, Instant.parse("2026-11-29T12:00:00Z"));
  }

  /** The run failed, with the cause named: never a gate verdict, as no gate was evaluated. */
  @Test
  void aFailedReportFailsTheRunWithItsCauseNotAsFailedGates() throws Exception {
    RunPlan plan = plan();
    Files.createDirectories(plan.base().paths().outputDir());
    Files.writeString(plan.base().paths().outputDir().resolve("request_events.jsonl"), "{\"adapter\": \"sdk\", broken\n");
    Verdict verdict = new Verdict(project);
    List<String> failed = new ReportStep(project, plan, verdict).run(plan.runs(), System.currentTimeMillis());
    assertEquals(List.of(), failed, "no gate was evaluated");
    ExitCause cause = verdict.decide(true, !failed.isEmpty());
    assertEquals(ExitCause.FAILED, cause);
    assertTrue(verdict.detail(cause, "").startsWith("could not write the reports of " + plan.base().paths().outputDir() + ": "),
        verdict.detail(cause, ""));
  }

  @Test
  void aWrittenReportWithPassingGatesPasses() throws Exception {
    RunPlan plan = plan();
    Files.createDirectories(plan.base().paths().outputDir());
    passingEvents(plan.base().paths().outputDir());
    List<String> failed = new ReportStep(project, plan, new Verdict(project)).run(plan.runs(), System.currentTimeMillis());
    assertEquals(List.of(), failed);
    assertTrue(Files.exists(plan.base().paths().outputDir().resolve("summary.md")));
  }

  /** The breakdown fixture's successful requests: fast, none failed, so the smoke profile's gates pass. */
  private static void passingEvents(Path dir) throws Exception {
    Files.write(dir.resolve("request_events.jsonl"),
        Files.readAllLines(Path.of("src/test/resources/runs/breakdown/request_events.jsonl")).stream()
            .filter(l -> l.contains("\"success\": true")).toList());
  }

  /**
   * Two runs' lifecycles in one JVM: the first one's load was stopped (a dead server), which its
   * report step hands to its verdict; the second run passes, as if the first had never been.
   */
  @Test
  void anAbortedRunLeavesNothingForTheNextRunsVerdict() throws Exception {
    RunPlan stopped = plan("stopped");
    Path stoppedDir = Files.createDirectories(stopped.base().paths().outputDir());
    passingEvents(stoppedDir);
    new RunOutcome(RunOutcome.ABORTED, "every request for 3.0 s failed with a connection error", false).write(stoppedDir);
    Verdict first = new Verdict(project);
    List<String> failed = new ReportStep(project, stopped, first).run(stopped.runs(), System.currentTimeMillis());
    ExitCause firstCause = first.decide(true, !failed.isEmpty());
    assertEquals(ExitCause.ABORTED, firstCause);
    assertTrue(first.detail(firstCause, "").startsWith("every request for 3.0 s failed with a connection error: see "),
        first.detail(firstCause, ""));

    RunPlan passing = plan("passing");
    passingEvents(Files.createDirectories(passing.base().paths().outputDir()));
    Verdict second = new Verdict(project);
    assertEquals(List.of(), new ReportStep(project, passing, second).run(passing.runs(), System.currentTimeMillis()));
    assertEquals(ExitCause.PASSED, second.decide(true, false));
  }
}
