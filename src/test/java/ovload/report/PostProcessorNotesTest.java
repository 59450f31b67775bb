package ovload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run with failures, a backlog and no Gatling statistics; then one whose Gatling counts disagree. */
class PostProcessorNotesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path runDir;

  @Test
  void failuresBacklogAndMissingStatsReachBothSummaries() throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    Files.writeString(runDir.resolve("notes.json"), "[\"fatal: the server went away\"]");
    ReportResult result = PostProcessor.process(runDir, new ReportOptions(null, true));

    JsonNode summary = JSON.readTree(runDir.resolve("run_summary.json").toFile());
    String notes = summary.get("notes").toString();
    assertTrue(notes.contains("fatal: the server went away"), notes);
    assertTrue(notes.contains("no Gatling stats.json in this run folder"), notes);
    assertTrue(summary.get("reconciliation").isEmpty());
    assertTrue(summary.get("gatling_stats").isNull());
    for (String key : new String[] {"run_id", "created_at", "notes", "request_summary", "task_summary", "adapter_comparison",
        "errors", "summary_zh", "environment", "config"}) {
      assertTrue(summary.has(key), key);
    }
    assertEquals(Runtime.getRuntime().availableProcessors(), summary.get("environment").get("cores").asInt());

    String zh = Files.readString(runDir.resolve("summary_zh.md"));
    assertTrue(zh.contains("## 说明\n- fatal: the server went away\n"), zh);
    assertTrue(zh.contains("- 后台任务存在积压：2 个任务在 drain 后仍未完成。"), zh);
    long failures = result.failures();
    assertTrue(zh.contains("失败 " + failures + " 次"), zh);

    String en = Files.readString(runDir.resolve("summary.md"));
    assertTrue(en.contains("- Backlog: 2 background tasks were still unfinished after the final drain."), en);
    assertTrue(en.contains("- Most frequent error: `"), en);
    assertTrue(en.contains("Gatling's statistics were not available"), en);
    assertTrue(en.contains("![" ) && Files.exists(runDir.resolve("charts/windows-find.png")), "charts drawn and linked");
    assertTrue(en.contains(failures + " failed"), en);

    String[] top = Files.readAllLines(runDir.resolve("errors.csv")).get(1).split(",");
    assertTrue(zh.contains("- Top 错误: `" + top[0] + "/" + top[1] + "/" + top[2] + "` `" + top[3] + "` 共 " + top[4] + " 次。"), zh);
  }

  @Test
  void differingGatlingCountsAreReconciledInTheNotes() throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    Files.createDirectories(runDir.resolve("gatling/js"));
    Files.writeString(runDir.resolve("gatling/js/stats.json"), """
        {"type":"GROUP","name":"All Requests","contents":{
          "a":{"type":"REQUEST","name":"sdk/warmup/health","stats":{"numberOfRequests":{"total":5,"ok":5,"ko":0}}},
          "b":{"type":"REQUEST","name":"sdk/retrieval/find","stats":{"numberOfRequests":{"total":99,"ok":99,"ko":0}}},
          "c":{"type":"REQUEST","name":"sdk/setup/extra","stats":{"numberOfRequests":{"total":1,"ok":1,"ko":0}}}
        }}""");
    ReportResult result = PostProcessor.process(runDir, new ReportOptions(null, false));
    String notes = String.join("\n", result.notes());
    assertFalse(notes.contains("named sdk/warmup/health"), "a matching name is no note: " + notes);
    assertTrue(notes.contains("reconciliation: Gatling counted 99 requests named sdk/retrieval/find, our events 4"), notes);
    assertTrue(notes.contains("reconciliation: Gatling counted 1 requests named sdk/setup/extra, our events 0"), notes);
    assertTrue(notes.contains("reconciliation: Gatling counted no request named sdk/mixed/find"), notes);
    JsonNode reconciliation = JSON.readTree(runDir.resolve("run_summary.json").toFile()).get("reconciliation");
    JsonNode health = null;
    for (JsonNode r : reconciliation) {
      if (r.get("name").asText().equals("sdk/warmup/health")) {
        health = r;
      }
    }
    assertTrue(health != null && health.get("match").asBoolean() && health.get("events").asLong() == 5);
    assertTrue(Files.readString(runDir.resolve("summary.md")).contains("| sdk/retrieval/find | 99 | 4 | NO |"));
    assertTrue(Files.readString(runDir.resolve("summary_zh.md")).contains("reconciliation: Gatling counted 99"));
  }
}
