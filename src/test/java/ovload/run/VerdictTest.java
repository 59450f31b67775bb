package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each cause has its own status, off Maven's "assertions failed" (2) unless gates failed, and is written where promised. */
class VerdictTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path project;

  @Test
  void everyCauseHasItsOwnStatusAndOnlyFailedGatesUseTwo() {
    assertEquals(ExitCause.values().length, Arrays.stream(ExitCause.values()).mapToInt(c -> c.exitCode).distinct().count());
    assertEquals(0, ExitCause.PASSED.exitCode);
    assertEquals(2, ExitCause.FAILED_GATES.exitCode, "the Maven plugin's code for failed assertions");
    assertTrue(Arrays.stream(ExitCause.values()).filter(c -> c != ExitCause.FAILED_GATES).noneMatch(c -> c.exitCode == 2));
  }

  @Test
  void theCauseFollowsHowTheLoadEndedThenTheGatesThenAnAbort() {
    Verdict verdict = new Verdict(project);
    assertEquals(ExitCause.PASSED, verdict.decide(true, false));
    assertEquals(ExitCause.FAILED_GATES, verdict.decide(true, true));
    assertEquals(ExitCause.FAILED, verdict.decide(false, false), "Gatling ended without its after(): not a pass");
    assertEquals(ExitCause.FAILED, verdict.decide(false, true));
    verdict.abort("every request of 5 s failed to connect");
    verdict.abort("a later reason");
    assertEquals(ExitCause.ABORTED, verdict.decide(true, true), "an abort outranks the gates it made fail");
    assertEquals("every request of 5 s failed to connect", verdict.detail(ExitCause.ABORTED, "2 gates failed"));
    verdict.signal("SIGTERM");
    verdict.signal("SIGINT");
    assertEquals(ExitCause.INTERRUPTED, verdict.decide(true, false), "a signal outranks everything");
    assertTrue(verdict.detail(ExitCause.INTERRUPTED, "").startsWith("SIGTERM before the load ended"));
  }

  /** What one run recorded (a signal, an abort, a refusal) stays with its own verdict: the next run's starts clean. */
  @Test
  void aVerdictKeepsWhatItsRunRecorded() {
    Verdict aborted = new Verdict(project);
    aborted.signal("SIGINT");
    aborted.abort("the server stopped answering");
    assertEquals(3, aborted.refuse(ExitCause.BAD_OPTION, "bad", null));
    assertTrue(aborted.refusalReported());
    Verdict next = new Verdict(project);
    assertEquals(ExitCause.PASSED, next.decide(true, false));
    assertFalse(next.refusalReported());
  }

  @Test
  void theOutcomeGoesToTheRunFolderAndTheFixedPlace() throws Exception {
    Path run = Files.createDirectories(project.resolve("reports/r1"));
    Verdict verdict = new Verdict(project);
    assertEquals(2, verdict.report(run, ExitCause.FAILED_GATES, "1 gate failed", true));
    JsonNode inRun = JSON.readTree(run.resolve(Verdict.FILE).toFile());
    assertEquals("failed_gates", inRun.get("outcome").asText());
    assertEquals(2, inRun.get("exit_code").asInt());
    assertEquals("1 gate failed", inRun.get("detail").asText());
    assertEquals(run.toString(), inRun.get("run_folder").asText());
    assertEquals(inRun, JSON.readTree(project.resolve(Verdict.FIXED).toFile()));
    List<String> keys = new ArrayList<>();
    inRun.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("outcome", "exit_code", "detail", "run_folder", "finished_at"), keys, "outcome.json's keys, in order");

    assertEquals(3, verdict.report(project.resolve("reports/never-made"), ExitCause.BAD_OPTION, "bad", false));
    JsonNode refused = JSON.readTree(project.resolve(Verdict.FIXED).toFile());
    assertEquals("bad_option", refused.get("outcome").asText());
    assertTrue(refused.get("run_folder").isNull(), "a refused run's folder is written as null");
    assertFalse(Files.exists(project.resolve("reports/never-made")), "no folder is made for a refused run");
    assertEquals("ovload result: FAILED GATES (exit 2): 1 gate failed", Verdict.line(ExitCause.FAILED_GATES, "1 gate failed"));
  }
}
