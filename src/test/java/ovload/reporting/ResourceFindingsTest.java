package ovload.reporting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.Timestamps;

/** GC-tail correlation and generator saturation on synthetic samples with a known answer. */
class ResourceFindingsTest {
  private static final long BASE = 1_700_000_000_000L;
  @TempDir Path runDir;

  private void writeEvents() throws Exception {
    List<String> events = new ArrayList<>();
    for (int i = 1; i <= 100; i++) { // latencies 1..100 ms, one request a second
      events.add("{\"adapter\":\"sdk\",\"scenario\":\"mixed\",\"operation\":\"find\",\"started_at\":\""
          + Timestamps.isoFromEpochMillis(BASE + i * 1000L) + "\",\"ended_at\":\"" + Timestamps.isoFromEpochMillis(BASE + i * 1000L + i)
          + "\",\"elapsed_ms_since_run_start\":" + (i * 1000.0) + ",\"latency_ms\":" + i + ".0,\"success\":true,\"status_code\":200,"
          + "\"exception_type\":null,\"error_message\":null,\"session_id\":null,\"resource_uri\":null,\"task_id\":null,"
          + "\"worker_id\":0,\"command\":null}");
    }
    Files.write(runDir.resolve("request_events.jsonl"), events);
  }

  @Test
  void pausesEveryRequestMeetsAreChanceNotACause() throws Exception {
    writeEvents();
    // a 1 s pause every second: every request overlaps one, slow or not
    List<String> pauses = new ArrayList<>(List.of("start_epoch_ms,duration_ms,gc_name,gc_action"));
    for (int i = 0; i <= 101; i++) {
      pauses.add((BASE + i * 1000L) + ",999,G1 Young,end of minor GC");
    }
    Files.write(runDir.resolve("gc_pauses.csv"), pauses);
    Files.write(runDir.resolve("resources.csv"), List.of("elapsed_sec,timestamp,gen_cpu_percent,x", "0,t,10,0"));
    ResourceFindings f = ResourceFindings.analyse(runDir);
    assertEquals(1.0, f.gcTailShare(), 1e-12);
    assertEquals(1.0, f.gcChanceShare(), 1e-12);
    assertEquals(1.0, f.gcTailLift(), 1e-12);
    assertTrue(!f.gcTailHigh(), "a lift of 1 is chance");
  }

  @Test
  void tailOverlappingGcPausesAndASaturatedGeneratorAreFlagged() throws Exception {
    writeEvents();
    // p95 of 1..100 is 95.05: the slow ones are 96..100; pauses touch 97 (mid-request) and 100 (its first ms), and 50 (fast)
    Files.write(runDir.resolve("gc_pauses.csv"), List.of("start_epoch_ms,duration_ms,gc_name,gc_action",
        (BASE + 50_000 + 10) + ",5,G1 Young,end of minor GC",
        (BASE + 97_000 + 40) + ",3,G1 Young,end of minor GC",
        (BASE + 100_000 - 2) + ",2,G1 Young,end of minor GC"));
    List<String> samples = new ArrayList<>(List.of("elapsed_sec,timestamp,gen_cpu_percent,x"));
    double[] cpu = {10, 20, 95, 30, 99, 40, 50, 60, 70, 80};
    for (int i = 0; i < cpu.length; i++) {
      samples.add(i + ",t," + cpu[i] + ",0");
    }
    Files.write(runDir.resolve("resources.csv"), samples);

    ResourceFindings f = ResourceFindings.analyse(runDir);
    assertEquals(5, f.slowRequests());
    assertEquals(2, f.slowDuringGc());
    assertEquals(0.4, f.gcTailShare(), 1e-12);
    assertEquals(100, f.requests());
    assertEquals(3, f.requestsDuringGc()); // 50, 97 and 100
    assertEquals(0.4 / 0.03, f.gcTailLift(), 1e-9);
    assertTrue(f.gcTailHigh());
    assertEquals(0.2, f.saturatedShare(), 1e-12);
    assertTrue(f.generatorSaturated());
    assertEquals(99.0, f.generatorCpuMax());
    assertEquals(3, f.gcPauses());

    ReportResult result = PostProcessor.process(runDir, new ReportOptions(null, false));
    String notes = String.join("\n", result.notes());
    assertTrue(notes.contains("40.0 % of the requests slower than p95 overlapped a load-generator GC pause, against 3.0 % of all"), notes);
    assertTrue(notes.contains("above 90 % in 20.0 % of the samples: the latencies describe the generator, not the server"), notes);
    assertTrue(Files.readString(runDir.resolve("summary.md")).contains("2 of the 5 requests slower than p95 overlapped one"));
  }
}
