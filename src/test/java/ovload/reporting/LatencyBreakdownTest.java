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
