package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.RequestEvent;
import ovload.support.Json;

/**
 * A call a signal cut off counts as a request (and in {@code status_codes}) but neither as a
 * success nor a failure: not in {@code errors.csv}, not in the failure rate the gates read, and its
 * cut-off time in no latency; a real failure still is one.
 */
class InterruptedCountTest {
  private static RequestEvent event(double latencyMs, boolean success, Integer status, String type, String message) {
    return new RequestEvent("cli-subprocess", "retrieval", "find", "2026-11-22T00:00:00.000Z", "2026-11-22T00:00:01.000Z",
        100, latencyMs, success, status, type, message, null, null, null, 0, "ov find");
  }

  private static RunTables tables(Path dir, List<RequestEvent> events) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(dir.resolve("request_events.jsonl"))) {
      for (RequestEvent e : events) {
        out.write(Json.MAPPER.writeValueAsString(e));
        out.newLine();
      }
    }
    return RunTables.compute(dir, 10, List.of());
  }

  @Test
  void anInterruptedCallIsARequestButNeitherASuccessNorAFailure(@TempDir Path dir) throws Exception {
    RunTables t = tables(dir, List.of(
        event(10, true, 0, null, null),
        event(20, true, 0, null, null),
        event(2500, false, null, "Interrupted", "interrupted by SIGINT")));
    RequestStats all = t.find("cli-subprocess", "ALL", "find");
    assertEquals(3, all.requests());
    assertEquals(2, all.successes());
    assertEquals(0, all.failures());
    assertEquals(1, all.interrupted());
    assertEquals(100.0, all.successRate());
    assertEquals(0.0, all.failureRatePercent());
    assertEquals(20.0, all.maxMs(), "the cut-off time is no latency");
    assertEquals("{\"0\": 2, \"Interrupted\": 1}", all.statusCodes());
    assertTrue(t.errors().isEmpty(), "no error row: " + t.errors());
    assertEquals(1, t.phaseInterrupted());
    assertEquals(0, t.phaseFailures());
  }

  @Test
  void aFailureAfterAnInterruptionStillCounts(@TempDir Path dir) throws Exception {
    RunTables t = tables(dir, List.of(
        event(10, true, 0, null, null),
        event(30, false, 130, "CliExitError", "ov exited with code 130"),
        event(2500, false, null, "Interrupted", "interrupted by SIGTERM")));
    RequestStats all = t.find("cli-subprocess", "ALL", "find");
    assertEquals(3, all.requests());
    assertEquals(1, all.failures());
    assertEquals(50.0, all.successRate());
    assertEquals(50.0, all.failureRatePercent());
    assertEquals(1, t.errors().size());
    assertEquals("CliExitError", t.errors().get(0).error());
  }
}
