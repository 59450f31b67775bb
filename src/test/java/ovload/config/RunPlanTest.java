package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPlanTest {
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  @TempDir Path project;

  private RunPlan plan(String... keyValues) {
    Properties p = new Properties();
    p.setProperty("adapters", "sdk,cli-http");
    p.setProperty("profile", "smoke");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return RunPlan.from(p, Map.of(), project, NOW);
  }

  private String error(String... keyValues) {
    return assertThrows(ConfigException.class, () -> plan(keyValues)).getMessage();
  }

  @Test
  void withoutPlanOptionsOneRunWritesToTheOutputFolderItself() {
    RunPlan plan = plan();
    assertEquals(RunPlan.Kind.SINGLE, plan.kind());
    assertEquals(1, plan.runs().size());
    assertEquals(plan.base(), plan.runs().get(0).config());
    assertFalse(plan.multiple());
  }

  @Test
  void warmupsComeFirstAndAreNotMeasured() {
    RunPlan plan = plan("runs", "3", "warmupRuns", "2");
    assertEquals(RunPlan.Kind.REPEATED, plan.kind());
    assertEquals(List.of("warmup-1", "warmup-2", "run-01", "run-02", "run-03"),
        plan.runs().stream().map(RunPlan.PlannedRun::label).toList());
    assertEquals(List.of(false, false, true, true, true), plan.runs().stream().map(RunPlan.PlannedRun::measured).toList());
    assertEquals(3, plan.measured().size());
    for (RunPlan.PlannedRun run : plan.runs()) {
      assertEquals(plan.base().paths().outputDir().resolve(run.label()), run.config().paths().outputDir());
      assertEquals(plan.base().workload(), run.config().workload());
    }
    // each run its own id, so that its sessions and documents are its own
    assertEquals(5, new HashSet<>(plan.runs().stream().map(r -> r.config().runId()).toList()).size());
  }

  @Test
  void aGridHasEveryCombinationTimesTheRepetitionsFirstOptionSlowest() {
    RunPlan plan = plan("sweep", "mixedConcurrency:1,4;mixedSeconds:2,3,5", "reps", "2");
    assertEquals(RunPlan.Kind.SWEEP, plan.kind());
    assertEquals(12, plan.runs().size());
    RunPlan.PlannedRun third = plan.runs().get(2);
    assertEquals(Map.of("mixedConcurrency", "1", "mixedSeconds", "3"), third.point());
    assertEquals(1, third.rep());
    assertEquals("mixedConcurrency=1,mixedSeconds=3/rep-1", third.label());
    assertEquals(1, third.config().workload().mixedConcurrency());
    assertEquals(3.0, third.config().workload().mixedSeconds());
    RunPlan.PlannedRun last = plan.runs().get(11);
    assertEquals(4, last.config().workload().mixedConcurrency());
    assertEquals(5.0, last.config().workload().mixedSeconds());
    assertEquals(2, last.rep());
    assertEquals("mixed", plan.sweepPhase());
  }

  @Test
  void theSweptOptionChoosesThePhaseMeasuredUnlessTold() {
    assertEquals("retrieval", plan("sweep", "searchConcurrency:1,2").sweepPhase());
    assertEquals("add_resources", plan("sweep", "resourceConcurrency:1,2").sweepPhase());
    assertEquals("mixed", plan("sweep", "searchConcurrency:1,2", "sweepPhase", "mixed").sweepPhase());
  }

  @Test
  void warmupsOfASweepUseItsFirstPoint() {
    RunPlan plan = plan("sweep", "mixedConcurrency:3,6", "warmupRuns", "1");
    assertEquals(3, plan.runs().size());
    assertFalse(plan.runs().get(0).measured());
    assertEquals(3, plan.runs().get(0).config().workload().mixedConcurrency());
  }

  @Test
  void badPlansAreOneLineErrorsThatNameTheFix() {
    assertTrue(error("sweep", "foo:1,2").contains("sweep one of"));
    assertTrue(error("sweep", "mixedConcurrency").contains("option:v1,v2"));
    assertTrue(error("sweep", "mixedConcurrency:1,x").contains("is not a number"));
    assertTrue(error("sweep", "mixedConcurrency:1,1").contains("-Dreps"));
    assertTrue(error("sweep", "mixedConcurrency:0,2").contains("-DmixedConcurrency must be a positive whole number"));
    assertTrue(error("sweep", "mixedConcurrency:1,2", "runs", "3").contains("exclude each other"));
    assertTrue(error("reps", "3").contains("-Dsweep"));
    assertTrue(error("runs", "0").contains("-Druns must be a positive whole number"));
    assertTrue(error("warmupRuns", "-1").contains("-DwarmupRuns"));
    assertTrue(error("sweep", "a:1;b:2;c:3").contains("sweep one of"));
    assertTrue(error("sweep", "mixedConcurrency:1;mixedSeconds:1;findLimit:1").contains("one option or two"));
    assertTrue(error("sweep", "mixedConcurrency:1,2", "sweepPhase", "nope").contains("-DsweepPhase"));
    assertTrue(error("runs", "500").contains("more than 200"));
    assertTrue(error("sweep", "retrievalRate:5,10").contains("-DloadModel=open"));
    assertEquals(10.0, plan("sweep", "retrievalRate:5,10", "loadModel", "open", "retrievalRate", "1", "mixedRate", "1")
        .runs().get(1).config().loadModel().retrievalRate());
    for (String message : List.of(error("sweep", "foo:1"), error("reps", "2"))) {
      assertFalse(message.contains("\n"), message);
    }
  }

  @Test
  void modelModesRunTheSameLoadInTwoModesBaselineFirst() {
    RunPlan plan = plan("modelModes", "instant,realistic", "warmupRuns", "1");
    assertEquals(RunPlan.Kind.MODEL_MODES, plan.kind());
    assertEquals(List.of("warmup-1", "instant", "realistic"), plan.runs().stream().map(RunPlan.PlannedRun::label).toList());
    assertEquals(List.of("instant", "instant", "realistic"), plan.runs().stream().map(r -> r.config().standin().modelMode()).toList());
    assertEquals(plan.runs().get(1).config().workload(), plan.runs().get(2).config().workload());
    assertTrue(error("modelModes", "instant").contains("two different modes"));
    assertTrue(error("modelModes", "instant,fast").contains("two different modes"));
    assertTrue(error("modelModes", "instant,realistic", "serverUrl", "http://127.0.0.1:1935").contains("drop -DserverUrl"));
    assertTrue(error("modelModes", "instant,slow", "runs", "2").contains("exclude each other"));
  }
}
