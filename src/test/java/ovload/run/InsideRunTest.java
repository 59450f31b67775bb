package ovload.run;

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
import ovload.serverside.profile.CollapsedStacks;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/** "Inside the server" end to end: against the embedded stand-in it is on; with /metrics at 404 and no py-spy it says so and the run passes. */
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
    assertTrue(Files.readString(runDir.resolve("server_metrics_phases.csv")).contains("sdk,retrieval,openviking_http_request_duration_seconds,"));
    String summary = Files.readString(runDir.resolve("summary.md"));
    assertTrue(summary.contains("## Inside the server") && summary.contains("| find p95 (ms, server-side) |")
        && summary.contains("| thread kind | busy in retrieval | busy in mixed |")
        && summary.contains("[profiles/sdk-mixed.collapsed](profiles/sdk-mixed.collapsed)"), summary);
    assertTrue(summary.matches("(?s).*\\n- find p95 \\d+ → \\d+ ms under mixed load.*"), summary);
    assertTrue(summary.matches("(?s).*\\n\\| embedding call p95 \\(ms\\) \\| [0-9.]+ \\| [0-9.]+ \\|\\n"
        + "\\| embedding calls/s \\| [0-9.]*[1-9][0-9.]* \\| [0-9.]*[1-9][0-9.]* \\|\\n.*"), "the embedding rows filled: " + summary);
    String chinese = Files.readString(runDir.resolve("summary_zh.md"));
    assertTrue(chinese.contains("## 服务端内部") && chinese.matches("(?s).*\\n- `sdk` find p95 在混合负载下 \\d+ → \\d+ ms.*")
        && !chinese.contains("under mixed load ("), "the sentences in Chinese: " + chinese);
    assertTrue(Files.readString(runDir.resolve("summary.html")).contains("Inside the server"));
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
}
