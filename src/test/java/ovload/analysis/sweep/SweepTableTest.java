package ovload.analysis.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTableTest {
  @TempDir Path dir;

  private static String event(String adapter, String scenario, double latency, boolean success) {
    return "{\"adapter\":\"" + adapter + "\",\"scenario\":\"" + scenario + "\",\"operation\":\"find\",\"latency_ms\":"
        + latency + ",\"success\":" + success + "}";
  }

  private Path run(String name, double sdkSeconds) throws Exception {
    Path run = Files.createDirectories(dir.resolve(name));
    Files.writeString(run.resolve("phases.json"), "[{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"started_at\":\"x\","
        + "\"ended_at\":\"y\",\"duration_seconds\":9.0},{\"adapter\":\"sdk\",\"scenario\":\"mixed\",\"started_at\":\"x\","
        + "\"ended_at\":\"y\",\"duration_seconds\":" + sdkSeconds + "},{\"adapter\":\"cli-http\",\"scenario\":\"mixed\","
        + "\"started_at\":\"x\",\"ended_at\":\"y\",\"duration_seconds\":0.5}]");
    Files.write(run.resolve("request_events.jsonl"), List.of(
        event("sdk", "mixed", 40, true), event("sdk", "retrieval", 1000, true), event("sdk", "mixed", 10, false),
        event("cli-http", "mixed", 5, true), event("sdk", "mixed", 30, true), event("sdk", "mixed", 20, true)));
    return run;
  }

  @Test
  void oneRowPerPointRepetitionAndAdapterWithFiguresComputedByHand() throws Exception {
    List<SweepTable.Measured> runs = List.of(
        new SweepTable.Measured(Map.of("mixedConcurrency", "2"), 1, run("a", 2.0)),
        new SweepTable.Measured(Map.of("mixedConcurrency", "2"), 2, run("b", 4.0)),
        new SweepTable.Measured(Map.of("mixedConcurrency", "8"), 1, run("c", 1.0)));
    List<SweepTable.Row> rows = SweepTable.rows(runs, "mixed");
    assertEquals(6, rows.size());
    SweepTable.Row sdk = rows.get(0);
    assertEquals("sdk", sdk.adapter());
    assertEquals(4, sdk.requests());
    assertEquals(1, sdk.failures());
    assertEquals(25.0, sdk.errorRatePercent(), 1e-12);
    assertEquals(2.0, sdk.throughputQps(), 1e-12); // 4 requests in 2 s
    // linear interpolation on 10, 20, 30, 40: rank p/100 x 3
    assertEquals(25.0, sdk.p50Ms(), 1e-9);
    assertEquals(37.0, sdk.p90Ms(), 1e-9);
    assertEquals(38.5, sdk.p95Ms(), 1e-9);
    assertEquals(39.7, sdk.p99Ms(), 1e-9);
    assertEquals(25.0, sdk.meanMs(), 1e-12);
    assertEquals(0.05, sdk.effectiveConcurrency(), 1e-12); // 100 ms of latency in 2 s
    SweepTable.Row cli = rows.get(1);
    assertEquals("cli-http", cli.adapter());
    assertEquals(2.0, cli.throughputQps(), 1e-12);
    assertEquals(0.01, cli.effectiveConcurrency(), 1e-12);
    assertEquals(1.0, rows.get(2).throughputQps(), 1e-12); // rep 2: 4 in 4 s
    assertEquals(2, rows.get(2).rep());

    SweepTable.write(dir, List.of("mixedConcurrency"), rows);
    List<String> csv = Files.readAllLines(dir.resolve(SweepTable.FILE));
    assertEquals("mixedConcurrency,rep,adapter,phase,requests,failures,error_rate_percent,wall_seconds,throughput_qps,"
        + "p50_ms,p90_ms,p95_ms,p99_ms,mean_ms,effective_concurrency", csv.get(0));
    assertEquals("2,1,sdk,mixed,4,1,25.0,2.0,2.0,25.0,37.0,38.5,39.7,25.0,0.05", csv.get(1));
    assertEquals(7, csv.size());
  }

  @Test
  void curvesTakeTheMedianAcrossRepetitionsAndTheReportNamesTheKnee() throws Exception {
    List<SweepTable.Row> rows = List.of(
        row("1", 1, 100, 10), row("1", 2, 120, 12), row("1", 3, 110, 11),
        row("4", 1, 400, 12), row("4", 2, 380, 13),
        row("16", 1, 410, 50), row("16", 2, 420, 60));
    List<SweepReport.Curve> curves = SweepReport.curves(List.of("mixedConcurrency"), rows);
    assertEquals(1, curves.size());
    List<Saturation.Point> points = curves.get(0).points();
    assertEquals(List.of(1.0, 4.0, 16.0), points.stream().map(Saturation.Point::x).toList());
    assertEquals(110, points.get(0).throughputQps(), 1e-12);
    assertEquals(390, points.get(1).throughputQps(), 1e-12);
    assertEquals(12.5, points.get(1).p95Ms(), 1e-12);
    assertEquals(4.0, curves.get(0).knee().orElseThrow().at().x());
    String md = SweepReport.markdown(List.of("mixedConcurrency"), "mixed", 7, curves);
    assertTrue(md.contains("Saturates at mixedConcurrency=4"), md);
    assertTrue(md.contains("| 16 | 415.00 | 55.0 |"), md);
  }

  private static SweepTable.Row row(String x, int rep, double qps, double p95) {
    return new SweepTable.Row(Map.of("mixedConcurrency", x), rep, "sdk", "mixed", 10, 0, 1, qps, 1.0, 2.0, p95, p95, 1.0, 1.0);
  }
}
