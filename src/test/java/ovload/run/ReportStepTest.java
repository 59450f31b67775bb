package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import ovload.config.RunPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our gates are checked while the reports are written: when writing them fails, the run must not pass. */
class ReportStepTest {
  @TempDir Path project;

  private RunPlan plan() {
    Properties p = new Properties();
    p.setProperty("adapters", "sdk");
    p.setProperty("profile", "smoke");
    p.setProperty("outputDir", project.resolve("run").toString());
    return RunPlan.from(p, Map.of(), project, Instant.parse("2026-11-29T12:00:00Z"));
  }

  @Test
  void aFailedReportFailsTheRun() throws Exception {
    RunPlan plan = plan();
    Files.createDirectories(plan.base().paths().outputDir());
    Files.writeString(plan.base().paths().outputDir().resolve("request_events.jsonl"), "{\"adapter\": \"sdk\", broken\n");
    List<String> failed = ReportStep.run(project, plan, plan.runs(), System.currentTimeMillis());
    assertEquals(1, failed.size(), failed.toString());
    assertTrue(failed.get(0).contains("gates went unchecked"), failed.get(0));
  }

  @Test
  void aWrittenReportWithPassingGatesPasses() throws Exception {
    RunPlan plan = plan();
    Files.createDirectories(plan.base().paths().outputDir());
    // the breakdown fixture's successful requests: fast, none failed, so the smoke profile's gates pass
    Files.write(plan.base().paths().outputDir().resolve("request_events.jsonl"),
        Files.readAllLines(Path.of("src/test/resources/runs/breakdown/request_events.jsonl")).stream()
            .filter(l -> l.contains("\"success\": true")).toList());
    List<String> failed = ReportStep.run(project, plan, plan.runs(), System.currentTimeMillis());
    assertEquals(List.of(), failed);
    assertTrue(Files.exists(plan.base().paths().outputDir().resolve("summary.md")));
  }
}
