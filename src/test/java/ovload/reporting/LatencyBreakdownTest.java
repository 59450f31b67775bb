package ovload.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code latency_breakdown.csv} of a small fixed run (sdk, cli-http and cli-subprocess; a failure, a
 * request without telemetry, searches with and without intent analysis) against the file an
 * independent Python implementation wrote ({@code runs/breakdown/expected_breakdown.py}), byte for byte.
 */
class LatencyBreakdownTest {
  static final Path FIXTURE = Path.of("src/test/resources/runs/breakdown");
  @TempDir Path runDir;

  @Test
  void csvMatchesTheIndependentComputationByteForByte() throws Exception {
    Files.copy(FIXTURE.resolve("request_events.jsonl"), runDir.resolve("request_events.jsonl"));
    PostProcessor.process(runDir, new ReportOptions(null, false));
    assertEquals(Files.readString(FIXTURE.resolve("expected/latency_breakdown.csv")),
        Files.readString(runDir.resolve("latency_breakdown.csv")));
  }

  /** Must fire: a search whose stages add up to more than the server's time, as OpenViking's concurrent queries do. */
  @Test
  void stagesAboveTheServersTimeAreSaid() throws Exception {
    String fits = "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"search\",\"latency_ms\":120.0,"
        + "\"success\":true,\"server_ms\":100.0,\"telemetry_ms\":95.0,\"stages_ms\":{\"embed_query\":60.0,"
        + "\"vector_retrieval\":40.5}}";
    String over = fits.replace("\"vector_retrieval\":40.5", "\"vector_retrieval\":52.25");
    String noStages = "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"add_message\","
        + "\"latency_ms\":10.0,\"success\":true,\"server_ms\":9.0,\"telemetry_ms\":8.0}";
    Files.write(runDir.resolve("request_events.jsonl"), List.of(fits, over, noStages, fits));
    LatencyBreakdown b = LatencyBreakdown.read(runDir);
    // 100.5 ms of stages in 100 ms fits within the 1 ms tolerance; 112.25 does not
    assertEquals(new LatencyBreakdown.Overlap(1, 3, 12.25), b.overlap());
    assertEquals("Stages overlap: in 1 of 3 requests with stages, they add up to more than the server's time (by up to"
        + " 12.25 ms). OpenViking sums a stage's time over the concurrent queries of one search, so there the stages are"
        + " not wall-clock parts of the server's time, and `outside` is negative for those requests.",
        BreakdownSection.overlapLine(b.overlap()));
    assertTrue(BreakdownSection.render(b, List.of()).contains("Stages overlap: in 1 of 3"));
  }

  /** Must not fire: the fixed run's stages all fit in their server's time (counted here independently). */
  @Test
  void stagesWithinTheServersTimeSayNothing() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    int withStages = 0;
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      var e = json.readTree(line);
      if (e.path("success").asBoolean() && e.has("stages_ms") && e.has("server_ms") && e.has("telemetry_ms")) {
        double sum = 0;
        for (var v : e.get("stages_ms")) {
          sum += v.asDouble();
        }
        assertTrue(sum <= e.get("server_ms").asDouble() + 1.0, line);
        withStages++;
      }
    }
    LatencyBreakdown b = LatencyBreakdown.read(FIXTURE);
    assertEquals(new LatencyBreakdown.Overlap(0, withStages, 0.0), b.overlap());
    assertTrue(withStages > 0);
    assertNull(BreakdownSection.overlapLine(b.overlap()));
    assertFalse(BreakdownSection.render(b, List.of()).contains("Stages overlap"));
  }

  @Test
  void summarySaysWhereMixedLoadAddedTime() throws Exception {
    LatencyBreakdown b = LatencyBreakdown.read(FIXTURE);
    String line = BreakdownSection.shiftLine("sdk", "find", b.shifts("sdk", "find"));
    double alone = b.find("sdk", "retrieval", "find", "observed").p95Ms();
    double mixed = b.find("sdk", "mixed", "find", "observed").p95Ms();
    double embed = b.find("sdk", "mixed", "find", "stage:embed_query").p95Ms() - b.find("sdk", "retrieval", "find", "stage:embed_query").p95Ms();
    assertEquals("- `sdk` find p95 +" + PythonFormat.fixed(mixed - alone, 2) + " ms under mixed load ("
        + PythonFormat.fixed(alone, 2) + " -> " + PythonFormat.fixed(mixed, 2) + " ms): embed_query +"
        + PythonFormat.fixed(embed, 2) + ", vector_retrieval ", line.substring(0, line.indexOf("vector_retrieval ") + 17));
    assertTrue(line.matches(".*vector_retrieval \\+\\d+\\.\\d\\d, server outside stages \\+\\d+\\.\\d\\d, client and network [+-]\\d+\\.\\d\\d\\."), line);
    String cli = BreakdownSection.shiftLine("cli-subprocess", "find", b.shifts("cli-subprocess", "find"));
    assertTrue(cli.contains("the CLI's own cost (estimate) "), cli);
  }

  @Test
  void noShiftWithoutBothPhasesAndNoBreakdownWithoutServerTime() throws Exception {
    Files.writeString(runDir.resolve("request_events.jsonl"), String.join("\n", List.of(
        "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":5.0,\"success\":true,\"server_ms\":3.0}",
        "{\"adapter\":\"cli-subprocess\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":300.0,\"success\":true}")) + "\n");
    LatencyBreakdown b = LatencyBreakdown.read(runDir);
    assertNull(BreakdownSection.shiftLine("sdk", "find", b.shifts("sdk", "find")));
    assertEquals(297.0, b.find("cli-subprocess", "retrieval", "find", "cli_own_cost_estimate").p50Ms());
    assertTrue(BreakdownSection.render(b, List.of()).contains("| sdk | retrieval | find | 1 | 5.00/5.00/5.00 | 3.00/3.00/3.00 | 2.00/2.00/2.00 |"));

    Files.writeString(runDir.resolve("request_events.jsonl"),
        "{\"adapter\":\"cli-subprocess\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":300.0,\"success\":true}\n");
    LatencyBreakdown none = LatencyBreakdown.read(runDir);
    assertFalse(none.hasServerTime());
    assertNull(none.find("cli-subprocess", "retrieval", "find", "cli_own_cost_estimate"), "no sdk median, no estimate");
    assertTrue(BreakdownSection.render(none, List.of()).contains("nothing to break down"));
  }
}
