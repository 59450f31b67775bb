package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.render.BreakdownSection;
import ovload.support.PythonFormat;

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

  /**
   * Must fire: a search that ran several queries at once (its stages summed over them, as OpenViking's
   * are) is named and left out of `outside` and the stack; one that ran one query yet outgrew the
   * server's time is named apart.
   */
  @Test
  void concurrentQueriesAndStagesAboveTheServersTimeAreSaid() throws Exception {
    String fits = "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"search\",\"latency_ms\":120.0,"
        + "\"success\":true,\"server_ms\":100.0,\"telemetry_ms\":95.0,\"stages_ms\":{\"embed_query\":60.0,"
        + "\"vector_retrieval\":40.5},\"typed_queries\":1}";
    String over = fits.replace("\"vector_retrieval\":40.5", "\"vector_retrieval\":52.25");
    String twoOver = fits.replace("60.0", "80.0").replace("40.5", "70.0").replace(":1}", ":2}");
    String threeFit = fits.replace("60.0", "50.0").replace("40.5", "40.0").replace(":1}", ":3}");
    String noStages = "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"add_message\","
        + "\"latency_ms\":10.0,\"success\":true,\"server_ms\":9.0,\"telemetry_ms\":8.0}";
    Files.write(runDir.resolve("request_events.jsonl"), List.of(fits, over, twoOver, noStages, threeFit));
    LatencyBreakdown b = LatencyBreakdown.read(runDir);
    // 100.5 ms of stages in 100 ms fits within the 1 ms tolerance; 112.25 does not; 150 in a two-query search does not either
    assertEquals(new LatencyBreakdown.Overlap(4, 2, 3, new LatencyBreakdown.Excess(1, 50.0),
        new LatencyBreakdown.Excess(1, 12.25)), b.overlap());
    assertEquals(List.of("Concurrent queries: in 2 of 4 requests with stages, OpenViking ran several queries at once (up"
        + " to 3; `typed_queries` in the events) and summed each stage over them, so there the stages are not wall-clock"
        + " parts of the server's time: `outside` and the charts leave those requests out. In 1 of them the stages add up"
        + " to more than the server's time (by up to 50.00 ms).",
        "Stages outgrow the server: in 1 of 2 requests with stages that did not report several queries, the stages add"
        + " up to more than the server's time (by up to 12.25 ms), so `outside` is negative for them; a server that does"
        + " not report `typed_queries_count` may have run concurrent queries there."), BreakdownSection.overlapLines(b.overlap()));
    assertTrue(BreakdownSection.render(b, List.of()).contains("Concurrent queries: in 2 of 4"));
    // outside: the two one-query searches only, 100 - 100.5 and 100 - 112.25
    LatencyBreakdown.Row outside = b.find("sdk", "retrieval", "search", LatencyBreakdown.OUTSIDE);
    assertEquals(2, outside.requests());
    assertEquals((-0.5 - 12.25) / 2, outside.meanMs(), 1e-9);
    assertEquals(4, b.find("sdk", "retrieval", "search", "stage:embed_query").requests(), "stages: as the server gave them");
    // the stack: the same two requests, its parts adding up to their mean observed latency
    LatencyBreakdown.WallClock wall = b.wallClock(new LatencyBreakdown.Key("sdk", "retrieval", "search"));
    assertEquals(2, wall.requests());
    assertEquals(4, wall.ofRequests());
    assertEquals(List.of("client_and_network", "stage:embed_query", "stage:vector_retrieval", "server_outside_stages"),
        List.copyOf(wall.meansMs().keySet()));
    assertEquals(20.0, wall.meansMs().get("client_and_network"), 1e-9);
    assertEquals((40.5 + 52.25) / 2, wall.meansMs().get("stage:vector_retrieval"), 1e-9);
    assertEquals(120.0, wall.meansMs().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-9);
  }

  /** Must not fire: one-query requests whose stages fit in their server's time say nothing. */
  @Test
  void stagesWithinTheServersTimeSayNothing() throws Exception {
    String fits = "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"search\",\"latency_ms\":120.0,"
        + "\"success\":true,\"server_ms\":100.0,\"telemetry_ms\":95.0,\"stages_ms\":{\"embed_query\":60.0,"
        + "\"vector_retrieval\":40.5},\"typed_queries\":1}";
    String find = fits.replace("search", "find").replace(",\"typed_queries\":1", "");
    Files.write(runDir.resolve("request_events.jsonl"), List.of(fits, find, fits));
    LatencyBreakdown b = LatencyBreakdown.read(runDir);
    assertEquals(new LatencyBreakdown.Overlap(3, 0, 0, LatencyBreakdown.Excess.NONE, LatencyBreakdown.Excess.NONE),
        b.overlap());
    assertEquals(List.of(), BreakdownSection.overlapLines(b.overlap()));
    String section = BreakdownSection.render(b, List.of());
    assertFalse(section.contains("Concurrent queries") || section.contains("Stages outgrow"), section);
    assertEquals(2, b.wallClock(new LatencyBreakdown.Key("sdk", "retrieval", "search")).requests());
  }

  /** The fixed run, counted here independently: its one-query requests fit, its two-query searches are named. */
  @Test
  void theFixedRunsOverlapIsCountedRight() throws Exception {
    com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    int withStages = 0;
    int concurrent = 0;
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      var e = json.readTree(line);
      if (e.path("success").asBoolean() && e.has("stages_ms") && e.has("server_ms") && e.has("telemetry_ms")) {
        double sum = 0;
        for (var v : e.get("stages_ms")) {
          sum += v.asDouble();
        }
        if (e.path("typed_queries").asInt(1) > 1) {
          concurrent++;
        } else {
          assertTrue(sum <= e.get("server_ms").asDouble() + 1.0, line);
        }
        withStages++;
      }
    }
    LatencyBreakdown b = LatencyBreakdown.read(FIXTURE);
    LatencyBreakdown.Overlap o = b.overlap();
    assertTrue(concurrent > 0 && withStages > concurrent);
    assertEquals(withStages, o.withStages());
    assertEquals(concurrent, o.concurrent());
    assertEquals(LatencyBreakdown.Excess.NONE, o.singleExcess());
    // the shift line says in how many searches the stages are sums (counted here); a find's says nothing
    String section = BreakdownSection.render(b, List.of());
    String search = section.lines().filter(l -> l.startsWith("- `sdk` search p95")).findFirst().orElseThrow();
    assertTrue(search.contains("; an upper bound: " + count(json, "retrieval", true) + " of "
        + count(json, "retrieval", false) + " requests alone and " + count(json, "mixed", true) + " of "
        + count(json, "mixed", false) + " mixed ran several queries at once"), search);
    String find = section.lines().filter(l -> l.startsWith("- `sdk` find p95")).findFirst().orElseThrow();
    assertFalse(find.contains("concurrent"), find);
  }

  /** sdk searches of a phase with a server time; only those that ran several queries when {@code several}. */
  private static long count(com.fasterxml.jackson.databind.ObjectMapper json, String phase, boolean several) throws Exception {
    long n = 0;
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      var e = json.readTree(line);
      if (e.path("success").asBoolean() && e.path("adapter").asText().equals("sdk") && e.has("server_ms")
          && e.path("scenario").asText().equals(phase) && e.path("operation").asText().equals("search")
          && (!several || e.path("typed_queries").asInt(1) > 1)) {
        n++;
      }
    }
    return n;
  }

  @Test
  void summarySaysWhereMixedLoadAddedTime() throws Exception {
    LatencyBreakdown b = LatencyBreakdown.read(FIXTURE);
    String line = BreakdownSection.shiftLine(b, "sdk", "find");
    double alone = b.find("sdk", "retrieval", "find", "observed").p95Ms();
    double mixed = b.find("sdk", "mixed", "find", "observed").p95Ms();
    double embed = b.find("sdk", "mixed", "find", "stage:embed_query").p95Ms() - b.find("sdk", "retrieval", "find", "stage:embed_query").p95Ms();
    assertEquals("- `sdk` find p95 +" + PythonFormat.fixed(mixed - alone, 2) + " ms under mixed load ("
        + PythonFormat.fixed(alone, 2) + " -> " + PythonFormat.fixed(mixed, 2) + " ms): embed_query +"
        + PythonFormat.fixed(embed, 2) + ", vector_retrieval ", line.substring(0, line.indexOf("vector_retrieval ") + 17));
    assertTrue(line.matches(".*vector_retrieval \\+\\d+\\.\\d\\d, client and network [+-]\\d+\\.\\d\\d;"
        + " not in any named stage: [+-]\\d+\\.\\d\\d ms \\(p95 \\d+\\.\\d\\d -> \\d+\\.\\d\\d ms\\)\\."), line);
  }

  @Test
  void noShiftWithoutBothPhasesAndNoBreakdownWithoutServerTime() throws Exception {
    Files.writeString(runDir.resolve("request_events.jsonl"), String.join("\n", List.of(
        "{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":5.0,\"success\":true,\"server_ms\":3.0}",
        "{\"adapter\":\"cli-subprocess\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":300.0,\"success\":true}")) + "\n");
    LatencyBreakdown b = LatencyBreakdown.read(runDir);
    assertNull(BreakdownSection.shiftLine(b, "sdk", "find"));
    assertEquals(295.0, b.find("cli-subprocess", "retrieval", "find", "difference_from_sdk_same_percentile").p50Ms());
    assertTrue(BreakdownSection.render(b, List.of()).contains("| sdk | retrieval | find | 1 | 5.00/5.00/5.00 | 3.00/3.00/3.00 | 2.00/2.00/2.00 |"));

    Files.writeString(runDir.resolve("request_events.jsonl"),
        "{\"adapter\":\"cli-subprocess\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"latency_ms\":300.0,\"success\":true}\n");
    LatencyBreakdown none = LatencyBreakdown.read(runDir);
    assertFalse(none.hasServerTime());
    assertNull(none.find("cli-subprocess", "retrieval", "find", "difference_from_sdk_same_percentile"), "no sdk path, no difference");
    assertTrue(BreakdownSection.render(none, List.of()).contains("nothing to break down"));
  }
}
