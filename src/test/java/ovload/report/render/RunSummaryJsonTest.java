package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.PostProcessor;
import ovload.report.PostProcessorGoldenTest;
import ovload.report.ReportOptions;
import ovload.support.Json;

/**
 * {@code run_summary.json}'s keys and their order, as the hand-built maps wrote them before it became
 * annotated records: a record component renamed or moved must not change the file. The rows' keys are
 * the CSV files' columns.
 */
class RunSummaryJsonTest {
  @TempDir Path runDir;

  private static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static List<String> header(Path csv) throws Exception {
    return List.of(Files.readAllLines(csv).get(0).split(","));
  }

  @Test
  void keysAndTheirOrderAreTheFormersAndRowsAreTheCsvColumns() throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    Files.createDirectories(runDir.resolve("gatling/js"));
    Files.writeString(runDir.resolve("gatling/js/stats.json"), """
        {"contents":{"a":{"name":"sdk/warmup/health","stats":{"numberOfRequests":{"total":5,"ok":5,"ko":0},
          "meanNumberOfRequestsPerSecond":{"total":2.5}}}}}""");
    PostProcessor.process(runDir, new ReportOptions(null, false));
    JsonNode json = Json.MAPPER.readTree(runDir.resolve("run_summary.json").toFile());
    assertEquals(List.of("run_id", "created_at", "notes", "request_summary", "task_summary", "adapter_comparison", "errors",
        "summary_zh", "outcome", "partial", "outcome_reason", "final_drain_ran", "environment", "config", "gatling_stats",
        "reconciliation", "gates", "resources", "server_queues", "server_queue_drain"), keys(json));
    assertEquals(header(runDir.resolve("request_summary.csv")), keys(json.get("request_summary").get(0)));
    assertEquals(header(runDir.resolve("adapter_comparison.csv")), keys(json.get("adapter_comparison").get(0)));
    assertEquals(header(runDir.resolve("task_summary.csv")), keys(json.get("task_summary").get(0)));
    assertEquals(header(runDir.resolve("errors.csv")), keys(json.get("errors").get(0)));
    assertEquals(List.of("java_version", "java_vm", "os", "kernel", "cpu_model", "cores", "memory_total_mb", "max_heap_mb",
        "gatling_version", "git_commit"), keys(json.get("environment")));
    assertEquals(List.of("count", "ok", "ko", "min_ms", "mean_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "max_ms",
        "mean_rps"), keys(json.get("gatling_stats").get("sdk/warmup/health")));
    assertEquals(2.5, json.get("gatling_stats").get("sdk/warmup/health").get("mean_rps").asDouble());
    assertEquals(List.of("name", "gatling", "events", "match"), keys(json.get("reconciliation").get(0)));
    assertEquals(List.of("adapter", "operation", "metric", "threshold", "measured", "passed", "skipped"),
        keys(json.get("gates").get(0)));
    assertTrue(json.get("resources").isNull() && json.get("server_queues").isNull() && json.get("server_queue_drain").isNull());
  }
}
