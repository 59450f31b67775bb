package ovload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.RunOutcome;

/**
 * The client paths' ranking uses successful requests only and never puts an adapter whose requests
 * failed above one whose did not; a partial run says so in its title, first finding, backlog line
 * and gates.xml.
 */
class FindingsRankingTest {
  @TempDir Path runDir;

  private static String event(String adapter, String scenario, double latencyMs, boolean success) {
    return "{\"adapter\":\"" + adapter + "\",\"scenario\":\"" + scenario + "\",\"operation\":\"find\","
        + "\"started_at\":\"2026-01-01T00:00:00.000Z\",\"ended_at\":\"2026-01-01T00:00:00.010Z\","
        + "\"elapsed_ms_since_run_start\":100.0,\"latency_ms\":" + latencyMs + ",\"success\":" + success
        + ",\"status_code\":" + (success ? "200" : "null") + ",\"exception_type\":" + (success ? "null" : "\"ConnectionError\"")
        + ",\"error_message\":null,\"session_id\":null,\"resource_uri\":null,\"task_id\":null,\"worker_id\":0,\"command\":null}";
  }

  /** sdk: 10 successes at 10 ms; cli-http: 10 successes at {@code cliMs} and {@code cliFailures} failures at 1 ms. */
  private String summary(double cliMs, int cliFailures) throws Exception {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      lines.add(event("sdk", "retrieval", 10, true));
      lines.add(event("cli-http", "retrieval", cliMs, true));
    }
    for (int i = 0; i < cliFailures; i++) {
      lines.add(event("cli-http", "retrieval", 1, false));
    }
    Files.write(runDir.resolve("request_events.jsonl"), lines);
    Files.writeString(runDir.resolve("run_config.json"), "{\"adapters\":[\"sdk\",\"cli-http\"],\"profile\":\"none\"}");
    PostProcessor.process(runDir, new ReportOptions(null, false));
    return Files.readString(runDir.resolve("summary.md"));
  }

  @Test
  void aFasterAdapterWithoutFailuresIsRanked() throws Exception {
    assertTrue(summary(5, 0).contains("- `cli-http` find p50 is 5.00 ms below `sdk` (5.00ms vs 10.00ms)."));
  }

  @Test
  void anAdapterWhoseRequestsFailedIsNotRankedAboveOneWithout() throws Exception {
    String md = summary(5, 30);
    assertFalse(md.contains("below `sdk`"), md);
    assertTrue(md.contains("- `cli-http` and `sdk` find are not ranked: 30 of `cli-http`'s 40 requests failed and none of"
        + " `sdk`'s (p50 of successful requests 5.00ms vs 10.00ms)."), md);
  }

  @Test
  void aSlowerAdapterWithFailuresIsStillRankedBelowTheOtherAndFailuresNeverPullItsP50Down() throws Exception {
    // with its 30 failures at 1 ms, all of cli-http's requests have a p50 of 1 ms; its successes' p50 is 20 ms
    assertTrue(summary(20, 30).contains("- `cli-http` find p50 is 10.00 ms above `sdk` (20.00ms vs 10.00ms)."));
  }

  @Test
  void aCompleteRunIsNotMarkedPartial() throws Exception {
    String md = summary(5, 0);
    assertFalse(md.lines().findFirst().orElseThrow().contains("PARTIAL"), md);
    assertFalse(Files.readString(runDir.resolve("gates.xml")).contains("the run completed its workload"));
  }

  @Test
  void anAbortedRunSaysSoFirstEverywhere() throws Exception {
    new RunOutcome(RunOutcome.ABORTED, "every request for 5.0 s failed with a connection error", false).write(runDir);
    List<String> md = summary(5, 0).lines().toList();
    assertTrue(md.get(0).endsWith("(PARTIAL: aborted)"), md.get(0));
    assertEquals("- ABORTED: every request for 5.0 s failed with a connection error. The load was stopped before the"
        + " workload ended; every figure below covers only what ran.", md.get(md.indexOf("## Key findings") + 1));
    assertTrue(md.contains("- Backlog: not measured: no final drain ran (the run was aborted); 0 background tasks were"
        + " still pending when the load stopped."), md.toString());
    String gates = Files.readString(runDir.resolve("gates.xml"));
    assertTrue(gates.contains("tests=\"1\" failures=\"1\""), gates);
    assertTrue(gates.contains("<failure message=\"the run was aborted: every request for 5.0 s failed"), gates);
    String json = Files.readString(runDir.resolve("run_summary.json"));
    assertTrue(json.contains("\"outcome\" : \"aborted\"") && json.contains("\"partial\" : true"), json);
  }
}
