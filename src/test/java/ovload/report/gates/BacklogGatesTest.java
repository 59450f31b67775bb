package ovload.report.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.RunOutcome;
import ovload.recording.ServerQueuesFile;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;

/**
 * A server that cannot keep up is the benchmark's main finding: the backlog after the final drain
 * (the run's unfinished tasks, the server's queues) fails a build, and does not when it is within
 * the ceiling, or was never measured. The fixture run leaves 2 tasks unfinished.
 */
class BacklogGatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE = Path.of("src/test/resources/runs/small");
  @TempDir Path runDir;

  private ReportResult run(Long maxUnfinished, Long maxPending, long pendingAtEnd, RunOutcome outcome) throws Exception {
    for (String file : List.of("request_events.jsonl", "task_events.jsonl", "phases.json")) {
      Files.copy(FIXTURE.resolve(file), runDir.resolve(file));
    }
    ObjectNode config = (ObjectNode) JSON.readTree(FIXTURE.resolve("run_config.json").toFile());
    config.put("max_failure_rate_percent", 100.0);
    config.put("max_success_p95_ms", 1e9);
    config.put("max_unfinished_tasks", maxUnfinished);
    config.put("max_pending_server_queue", maxPending);
    JSON.writeValue(runDir.resolve("run_config.json").toFile(), config);
    Files.writeString(runDir.resolve(ServerQueuesFile.FILE), ServerQueuesFile.HEADER + "\n"
        + "1.000,2025-11-23T00:00:01.000Z,SessionCommit,3,1,0,0,0\n"
        + "2.000,2025-11-23T00:00:02.000Z,SessionCommit," + pendingAtEnd + ",0,4,0,0\n"
        + "2.000,2025-11-23T00:00:02.000Z,Embedding,0,0,9,0,0\n");
    if (outcome != null) {
      outcome.write(runDir);
    }
    return PostProcessor.process(runDir, new ReportOptions(null, false));
  }

  private GateResult gate(ReportResult result, String metric) {
    return result.gates().stream().filter(g -> g.gate().metric().equals(metric)).findFirst().orElseThrow();
  }

  @Test
  void theProfilesDefaultsFailABacklogLeftAfterTheFinalDrain() throws Exception {
    ReportResult result = run(null, null, 7, null);
    GateResult tasks = gate(result, Gates.UNFINISHED_TASKS);
    assertEquals("backlog unfinished_tasks <= 0.0", tasks.gate().name());
    assertEquals(2.0, tasks.measured());
    assertTrue(tasks.failed());
    GateResult queue = gate(result, Gates.PENDING_SERVER_QUEUE);
    assertEquals(7.0, queue.measured(), "the last sample's pending and in-progress messages");
    assertTrue(queue.failed());
    assertFalse(result.gatesPassed());
    String xml = Files.readString(runDir.resolve("gates.xml"));
    assertTrue(xml.contains("all backlog pending_server_queue = 7.0, above the ceiling 0.0"), xml);
    assertTrue(Files.readString(runDir.resolve("run_summary.json")).contains("\"metric\" : \"unfinished_tasks\""));
  }

  @Test
  void aBacklogWithinTheCeilingPasses() throws Exception {
    ReportResult result = run(2L, 7L, 7, null);
    assertTrue(gate(result, Gates.UNFINISHED_TASKS).passed());
    assertTrue(gate(result, Gates.PENDING_SERVER_QUEUE).passed());
    assertTrue(result.gatesPassed(), result.gates().toString());
  }

  @Test
  void noFinalDrainMeansNoBacklogVerdict() throws Exception {
    ReportResult result = run(0L, 0L, 7, new RunOutcome(RunOutcome.ABORTED, "the server stopped answering", false));
    assertEquals("no final drain ran (the run was aborted)", gate(result, Gates.UNFINISHED_TASKS).skipped());
    assertEquals("no final drain ran (the run was aborted)", gate(result, Gates.PENDING_SERVER_QUEUE).skipped());
  }
}
