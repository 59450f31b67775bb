package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;
import ovload.support.Timestamps;

/**
 * The GC-tail finding and generator saturation on synthetic runs with a known answer: requests of
 * 1..100 ms, one a second, so the run's p95 is 95.05 ms and p99 99.01 ms (rank p/100 x 99, linearly
 * interpolated). The expected percentiles without pause time are worked out in each test's comment.
 */
class ResourceFindingsTest {
  private static final long BASE = 1_700_000_000_000L;
  @TempDir Path runDir;

  /** Request i (1..100) starts at BASE + i s and lasts i ms. */
  private static long start(int i) {
    return BASE + i * 1000L;
  }

  private void writeRun(List<String> pauses, double... cpu) throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      events.add("{\"adapter\":\"sdk\",\"scenario\":\"mixed\",\"operation\":\"find\",\"started_at\":\""
          + Timestamps.isoFromEpochMillis(start(i)) + "\",\"ended_at\":\"" + Timestamps.isoFromEpochMillis(start(i) + i)
          + "\",\"elapsed_ms_since_run_start\":" + (i * 1000.0) + ",\"latency_ms\":" + i + ".0,\"success\":true,\"status_code\":200,"
          + "\"exception_type\":null,\"error_message\":null,\"session_id\":null,\"resource_uri\":null,\"task_id\":null,"
          + "\"worker_id\":0,\"command\":null}");
    }
    Files.write(runDir.resolve("request_events.jsonl"), events);
    List<String> gc = new ArrayList<>(List.of("start_epoch_ms,duration_ms,gc_name,gc_action"));
    gc.addAll(pauses);
    Files.write(runDir.resolve("gc_pauses.csv"), gc);
    List<String> samples = new ArrayList<>(List.of("elapsed_sec,timestamp,gen_cpu_percent,x"));
    for (int i = 0; i < cpu.length; i++) {
      samples.add(i + ",t," + cpu[i] + ",0");
    }
    Files.write(runDir.resolve("resources.csv"), samples);
  }

  private static String pause(long startMs, long durationMs) {
    return startMs + "," + durationMs + ",G1 Young,end of minor GC";
  }

  @Test
  void shortPausesThatEveryRequestMeetsAreNotFlagged() throws Exception {
    // a 1 ms pause at the start of every request: each latency loses 1 ms (request 1 all of it),
    // so 1..100 becomes 0..99: p95 94.05, p99 98.01; 1.0 ms of p95 (1.05 %) is pause time
    List<String> pauses = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      pauses.add(pause(start(i), 1));
    }
    writeRun(pauses, 10);
    GcTail gc = ResourceFindings.analyse(runDir).gc();
    assertEquals(100, gc.pauses());
    assertEquals(100.0, gc.pauseMsTotal());
    assertEquals(100, gc.requests());
    assertEquals(100, gc.requestsInPause());
    assertEquals(95.05, gc.p95Ms(), 1e-9);
    assertEquals(94.05, gc.p95WithoutPausesMs(), 1e-9);
    assertEquals(1.0, gc.p95PauseMs(), 1e-9);
    assertEquals(1.0 / 95.05, gc.p95PauseShare(), 1e-12);
    assertEquals(99.01, gc.p99Ms(), 1e-9);
    assertEquals(98.01, gc.p99WithoutPausesMs(), 1e-9);
    assertFalse(gc.explainsTail());
  }

  @Test
  void shortPausesInsideOnlyTheSlowRequestsAreNotFlagged() throws Exception {
    // the false alarm of the overlap count: every request slower than p95 (96..100) holds a pause and
    // only 5 % of all requests do, but each pause is 2 ms: 96..100 become 94..98; sorted, 0-based 94 and 95
    // hold 94 and 95 (p95 94.05), 98 and 99 hold 97 and 98 (p99 97.01): 1.0 ms of p95 is pause time
    List<String> pauses = new ArrayList<>();
    for (int i = 96; i <= 100; i++) {
      pauses.add(pause(start(i) + 1, 2));
    }
    writeRun(pauses, 10);
    ReportResult result = PostProcessor.process(runDir, new ReportOptions(null, false));
    GcTail gc = ResourceFindings.analyse(runDir).gc();
    assertEquals(5, gc.requestsInPause());
    assertEquals(94.05, gc.p95WithoutPausesMs(), 1e-9);
    assertEquals(97.01, gc.p99WithoutPausesMs(), 1e-9);
    assertFalse(gc.explainsTail(), "1.0 ms of p95 is not a material share");
    assertTrue(result.notes().stream().noneMatch(n -> n.contains("GC")), result.notes().toString());
    String summary = Files.readString(runDir.resolve("summary.md"));
    assertTrue(summary.contains("5 GC pauses (10 ms in all); generator GC pauses account for 1.0 ms (1.1 %) of p95 (95.0 ms as "
        + "measured, 94.0 ms without the pause time inside each request) and 2.0 ms (2.0 %) of p99; 5 of 100 requests had pause"
        + " time inside them: not a material share (the flag needs over 10 % of p95 and over 5 ms)."), summary);
  }

  @Test
  void longPausesInsideTheSlowRequestsAreFlaggedAndASaturatedGeneratorToo() throws Exception {
    // a 30 ms pause inside each of the ten slowest requests (91..100 become 61..70): sorted, 1..60, then
    // 61,61,...,70,70 (0-based 60..79), then 71..90 (80..99); ranks 94.05 and 98.01 give p95 85.05 and
    // p99 89.01: 10.0 ms of p95 (10.52 %) and of p99 is pause time. One pause far from any request adds nothing.
    List<String> pauses = new ArrayList<>(List.of(pause(BASE + 50_500, 100)));
    for (int i = 91; i <= 100; i++) {
      pauses.add(pause(start(i) + 1, 30));
    }
    writeRun(pauses, 10, 20, 95, 30, 99, 40, 50, 60, 70, 80);
    ResourceFindings f = ResourceFindings.analyse(runDir);
    GcTail gc = f.gc();
    assertEquals(11, gc.pauses());
    assertEquals(400.0, gc.pauseMsTotal());
    assertEquals(10, gc.requestsInPause());
    assertEquals(85.05, gc.p95WithoutPausesMs(), 1e-9);
    assertEquals(10.0, gc.p95PauseMs(), 1e-9);
    assertEquals(10.0 / 95.05, gc.p95PauseShare(), 1e-12);
    assertEquals(89.01, gc.p99WithoutPausesMs(), 1e-9);
    assertTrue(gc.explainsTail());
    assertEquals(0.2, f.saturatedShare(), 1e-12);
    assertTrue(f.generatorSaturated());
    assertEquals(99.0, f.generatorCpuMax());

    ReportResult result = PostProcessor.process(runDir, new ReportOptions(null, false));
    String notes = String.join("\n", result.notes());
    assertTrue(notes.contains("generator GC pauses account for 10.0 ms (10.5 %) of p95 (95.0 ms as measured, 85.0 ms without"
        + " the pause time inside each request) and 10.0 ms (10.1 %) of p99; 10 of 100 requests had pause time inside them:"
        + " the tail describes the generator, not the server"), notes);
    assertTrue(notes.contains("above 90 % in 20.0 % of the samples: the latencies describe the generator, not the server"), notes);
  }

  @Test
  void pauseTimeInsideARequestIsTheIntersection() {
    GcTail.Accumulator acc = new GcTail.Accumulator(List.of(new GcTail.Pause(0, 5), new GcTail.Pause(990, 20),
        new GcTail.Pause(1020, 5), new GcTail.Pause(1040, 30), new GcTail.Pause(1050, 3)));
    // [1000, 1050]: 10 ms of the pause that began before it, 5 inside, 10 of the one running past its end;
    // the one that starts at its end and the one long before add nothing
    assertEquals(25.0, acc.pauseTimeInside(1000, 1050), 1e-12);
    assertEquals(0.0, acc.pauseTimeInside(100, 900), 1e-12);
  }

  @Test
  void aMaterialShareNeedsBothLimits() {
    assertFalse(new GcTail(1, 3, 10, 1, 20, 17, 20, 17).explainsTail(), "15 % but only 3 ms");
    assertFalse(new GcTail(1, 6, 10, 1, 100, 94, 100, 94).explainsTail(), "6 ms but only 6 %");
    assertTrue(new GcTail(1, 6, 10, 1, 50, 44, 50, 44).explainsTail(), "6 ms and 12 %");
  }
}
