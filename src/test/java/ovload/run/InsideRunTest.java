package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.serverside.profile.CollapsedStacks;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * "Inside the server" end to end: against the embedded stand-in it is on; with /metrics at 404 and no py-spy it says so and the
 * run passes. And the verdict of its cost benchmark ({@link InsideBenchmark}) on hand-made ratios.
 */
class InsideRunTest {
  @Test
  void theEmbeddedStandInGivesMetricsAProfilePerTimedPhaseAndTheSection() throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("inside-" + System.nanoTime()).toAbsolutePath();
    Path runDir = work.resolve("run");
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 2);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 300);
    assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
    String metrics = Files.readString(runDir.resolve("server_metrics.csv"));
    assertTrue(metrics.startsWith("elapsed_sec,timestamp,metric,labels,value\n"), metrics);
    assertTrue(metrics.contains("openviking_http_request_duration_seconds_bucket")
        && metrics.contains("route=\"\"/api/v1/search/find\"\"") && metrics.contains("openviking_queue_pending"), metrics);
    assertTrue(metrics.contains("openviking_embedding_call_duration_seconds_bucket"), "the stand-in's model calls: " + metrics);
    for (String phase : List.of("retrieval", "mixed")) {
      Map<String, Long> stacks = CollapsedStacks.read(runDir.resolve("profiles/sdk-" + phase + ".collapsed"));
      assertTrue(stacks.keySet().stream().anyMatch(s -> s.contains("standin-")), phase + ": " + stacks.keySet());
    }
    try (var files = Files.list(runDir.resolve("profiles"))) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".jfr") || f.toString().endsWith(".jfc")), "only the collapsed stacks stay");
    }
    assertTrue(Files.readString(runDir.resolve("notes.json")).contains("one recording from its launch cut into phases"));
    String phases = Files.readString(runDir.resolve("server_metrics_phases.csv"));
    assertTrue(phases.startsWith("adapter,phase,metric,labels,stat,value,bucket\n"), phases);
    // the stand-in has OpenViking's buckets, each wider than a tenth of its bound: every quantile is only its bucket's range
    assertTrue(phases.matches("(?s).*\nsdk,retrieval,openviking_http_request_duration_seconds,\"[^\n]*find[^\n]*\",p95,[0-9.e+-]+,"
        + "[0-9.]+\\.\\.([0-9.]+|\\+Inf)\n.*"), phases);
    assertTrue(phases.matches("(?s).*\nsdk,retrieval,openviking_http_request_duration_seconds,[^\n]*,rate_per_sec,[0-9.e+-]+,\n.*"), phases);
    String summary = Files.readString(runDir.resolve("summary.md"));
    assertTrue(summary.matches("(?s).*\n\\| find p95 \\(server-side\\) \\| [^|\n]*\\((one bucket|above the top bucket)\\) \\|.*"),
        "the server's p95 as its bucket's range: " + summary);
    assertTrue(summary.contains("## Inside the server")
        && summary.contains("| thread kind | busy in retrieval | busy in mixed |")
        && summary.contains("[profiles/sdk-mixed.collapsed](profiles/sdk-mixed.collapsed)"), summary);
    assertTrue(summary.matches("(?s).*\\n- find p95 \\d+ → \\d+ ms under mixed load.*"), summary);
    assertTrue(summary.matches("(?s).*\\n\\| embedding call p95 \\| [^|\\n]+ \\| [^|\\n]+ \\|\\n"
        + "\\| embedding calls/s \\| [0-9.]*[1-9][0-9.]* \\| [0-9.]*[1-9][0-9.]* \\|\\n.*"), "the embedding rows filled: " + summary);
    String chinese = Files.readString(runDir.resolve("summary_zh.md"));
    assertTrue(chinese.contains("## 服务端内部") && chinese.matches("(?s).*\\n- `sdk` find p95 在混合负载下 \\d+ → \\d+ ms.*")
        && !chinese.contains("under mixed load ("), "the sentences in Chinese: " + chinese);
    String html = Files.readString(runDir.resolve("summary.html"));
    assertTrue(html.contains("Inside the server") && html.matches("(?s).*\\((one bucket|above the top bucket)\\).*"), html);
  }

  @Test
  void metricsAt404AndNoPySpyAreNotesAndTheRunGoesOn() throws Exception {
    HttpServer disabled = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    disabled.createContext("/metrics", exchange -> {
      byte[] body = "Prometheus metrics are disabled.\n".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(404, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    disabled.start();
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0))) {
      Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("inside-off-" + System.nanoTime()).toAbsolutePath();
      Path runDir = work.resolve("run");
      Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 1);
      options.put("resourceCount", "2");
      options.put("sessionCount", "2");
      options.put("serverUrl", server.baseUrl());
      options.put("serverMetricsUrl", "http://127.0.0.1:" + disabled.getAddress().getPort() + "/metrics");
      options.put("profileServer", "py-spy");
      // a process that is no Python program: py-spy, if this machine has one, fails on it
      options.put("targetPid", Long.toString(ProcessHandle.current().pid()));
      GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 300);
      assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
      String notes = Files.readString(runDir.resolve("notes.json"));
      assertTrue(notes.contains("server metrics: off, http://127.0.0.1:" + disabled.getAddress().getPort()
          + "/metrics answers 404 \\\"Prometheus metrics are disabled.\\\" (OpenViking: set server.observability.metrics.enabled"), notes);
      assertTrue(notes.contains("server profile: off, py-spy was found neither on the PATH nor beside the server's Python")
          || notes.contains("no server profile from sdk-retrieval"), notes);
      assertFalse(Files.exists(runDir.resolve("server_metrics.csv")));
      assertTrue(Files.readString(runDir.resolve("summary.md")).contains("server metrics: off"));
    } finally {
      disabled.stop(0);
    }
  }

  /** The benchmark's verdict on hand-made on/off ratios; intervals computed by hand from the log ratios with t(n-1, 0.975). */
  @Test
  void theBenchmarkConcludesOnlyWhenTheIntervalIsInsideTheBand() {
    // logs of 0.99..1.02: mean -1.0e-4, sd 0.01580; t(4) 2.7764: half 0.01962, so 0.98046 to 1.01973
    InsideBenchmark.Verdict quiet = InsideBenchmark.Verdict.of(List.of(0.99, 1.01, 1.00, 0.98, 1.02), 0.05);
    assertEquals(1.00, quiet.median(), 1e-12);
    assertEquals(0.98046, quiet.interval().low(), 1e-5);
    assertEquals(1.01973, quiet.interval().high(), 1e-5);
    assertEquals("no loss shown within ±5.0 %", quiet.conclusion());
    // the same pairs asked about ±1 %: the interval's half-width, 1.96 %, is wider than that
    assertEquals("inconclusive: the machine's noise (±2.0 %) is larger than the effect asked about (±1.0 %)",
        InsideBenchmark.Verdict.of(List.of(0.99, 1.01, 1.00, 0.98, 1.02), 0.01).conclusion());
    // the loaded machine's ratios: t(2) 4.3027 over logs with sd 0.5349 gives 0.3614 to 5.0390
    InsideBenchmark.Verdict loaded = InsideBenchmark.Verdict.of(List.of(2.31, 1.33, 0.80), 0.05);
    assertEquals(1.33, loaded.median(), 1e-12);
    assertEquals(0.36143, loaded.interval().low(), 1e-5);
    assertEquals(5.03903, loaded.interval().high(), 1e-5);
    assertEquals("inconclusive: the machine's noise (±233.9 %) is larger than the effect asked about (±5.0 %)", loaded.conclusion());
    // a real loss: 0.7855 to 0.8352, wholly below 0.95
    assertEquals("a loss: throughput -19.0 % with the inside view on, more than the ±5.0 % asked about",
        InsideBenchmark.Verdict.of(List.of(0.80, 0.82, 0.81), 0.05).conclusion());
    // quiet but across the band's edge: 0.9427 to 0.9675
    assertEquals("inconclusive: the interval (-5.7 to -3.3 %) reaches past ±5.0 %; more pairs would tell",
        InsideBenchmark.Verdict.of(List.of(0.95, 0.96, 0.955), 0.05).conclusion());
  }

  /**
   * The benchmark's CPU per request: only the samples wholly inside the retrieval phase count, each over
   * its span, against the requests of the spans they cover (by hand: 1.0 + 0.5 + 0.2 CPU-seconds on 2
   * cores over 3 s at 100 requests a second).
   */
  @Test
  void theBenchmarkCountsTheGeneratorsCpuInsideTheRetrievalPhaseOnly(@TempDir Path run) throws Exception {
    Files.writeString(run.resolve("request_summary.csv"), """
        adapter,scenario,operation,requests,qps,p95_ms
        sdk,retrieval,find,240,80.0,3.5
        sdk,retrieval,search,60,20.0,9.0
        sdk,mixed,find,500,50.0,12.0
        """);
    Files.writeString(run.resolve("phases.json"), """
        [{"adapter": "sdk", "scenario": "retrieval", "started_at": "2026-01-01T10:00:01.000Z", "ended_at": "2026-01-01T10:00:04.000Z"},
         {"adapter": "sdk", "scenario": "mixed", "started_at": "2026-01-01T10:00:04.000Z", "ended_at": "2026-01-01T10:00:06.000Z"}]
        """);
    // the first sample has no span; the second began before the phase; the last lies in mixed
    Files.writeString(run.resolve("resources.csv"), """
        elapsed_sec,timestamp,gen_cpu_percent
        0.0,2026-01-01T10:00:00.500Z,90
        0.5,2026-01-01T10:00:01.000Z,90
        1.5,2026-01-01T10:00:02.000Z,50
        2.5,2026-01-01T10:00:03.000Z,25
        3.5,2026-01-01T10:00:04.000Z,10
        4.5,2026-01-01T10:00:05.000Z,90
        """);
    InsideBenchmark.Figures f = InsideBenchmark.figures(run, 2);
    assertEquals(100.0, f.qps(), 1e-9);
    assertEquals(300, f.requests());
    assertEquals(3.5, f.p95Ms(), 1e-9);
    assertEquals(1700.0 / 300, f.cpuMsPerRequest(), 1e-9);
  }
}
