package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each cause has its own status, off Maven's "assertions failed" (2) unless gates failed, and is written where promised. */
class OutcomeTest {
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
    assertEquals(ExitCause.PASSED, Outcome.decide(true, false));
    assertEquals(ExitCause.FAILED_GATES, Outcome.decide(true, true));
    assertEquals(ExitCause.FAILED, Outcome.decide(false, false), "Gatling ended without its after(): not a pass");
    assertEquals(ExitCause.FAILED, Outcome.decide(false, true));
    Outcome.abort("every request of 5 s failed to connect");
    Outcome.abort("a later reason");
    assertEquals(ExitCause.ABORTED, Outcome.decide(true, true), "an abort outranks the gates it made fail");
    assertEquals("every request of 5 s failed to connect", Outcome.detail(ExitCause.ABORTED, "2 gates failed"));
  }

  @Test
  void theOutcomeGoesToTheRunFolderAndTheFixedPlace() throws Exception {
    Path run = Files.createDirectories(project.resolve("reports/r1"));
    assertEquals(2, Outcome.report(project, run, ExitCause.FAILED_GATES, "1 gate failed", true));
    JsonNode inRun = JSON.readTree(run.resolve(Outcome.FILE).toFile());
    assertEquals("failed_gates", inRun.get("outcome").asText());
    assertEquals(2, inRun.get("exit_code").asInt());
    assertEquals("1 gate failed", inRun.get("detail").asText());
    assertEquals(run.toString(), inRun.get("run_folder").asText());
    assertEquals(inRun, JSON.readTree(project.resolve(Outcome.FIXED).toFile()));

    assertEquals(3, Outcome.report(project, project.resolve("reports/never-made"), ExitCause.BAD_OPTION, "bad", false));
    assertEquals("bad_option", JSON.readTree(project.resolve(Outcome.FIXED).toFile()).get("outcome").asText());
    assertFalse(Files.exists(project.resolve("reports/never-made")), "no folder is made for a refused run");
    assertEquals("ovload result: FAILED GATES (exit 2): 1 gate failed", Outcome.line(ExitCause.FAILED_GATES, "1 gate failed"));
  }
}
