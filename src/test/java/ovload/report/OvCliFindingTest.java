package ovload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first key finding names our Java CLI when cli-subprocess ran it, and only then; run_summary records the ov. */
class OvCliFindingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path runDir;

  private void runWith(String path, String source, String version, boolean projectCli) throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    Path configFile = runDir.resolve("run_config.json");
    ObjectNode config = (ObjectNode) JSON.readTree(configFile.toFile());
    ObjectNode ov = config.putObject("ov_cli");
    ov.put("path", path).put("source", source).put("version", version).put("project_cli", projectCli);
    JSON.writeValue(configFile.toFile(), config);
    PostProcessor.process(runDir, new ReportOptions(null, false));
  }

  private static String firstFinding(String markdown, String heading) {
    List<String> lines = markdown.lines().toList();
    return lines.get(lines.indexOf(heading) + 1);
  }

  @Test
  void firesFirstInBothSummariesWhenTheProjectsCliRan() throws Exception {
    runWith("/p/bin/ov", "bin/ov", null, true);
    String en = firstFinding(Files.readString(runDir.resolve("summary.md")), "## Key findings");
    assertTrue(en.startsWith("- `cli-subprocess` ran this project's Java CLI (`/p/bin/ov`), not OpenViking's `ov`"), en);
    String zh = firstFinding(Files.readString(runDir.resolve("summary_zh.md")), "## 核心结论");
    assertTrue(zh.startsWith("- `cli-subprocess` 运行的是本项目的 Java CLI（`/p/bin/ov`），不是 OpenViking 的 `ov`"), zh);
    JsonNode recorded = JSON.readTree(runDir.resolve("run_summary.json").toFile()).get("ov_cli");
    assertEquals("bin/ov", recorded.get("source").asText());
    assertTrue(recorded.get("project_cli").asBoolean());
  }

  @Test
  void silentWhenOpenVikingsOvRan() throws Exception {
    runWith("/p/target/openviking-0.5.2/openviking/bin/ov", "fetched", "openviking 0.5.2", false);
    String en = Files.readString(runDir.resolve("summary.md"));
    assertFalse(en.contains("Java CLI"), en);
    assertTrue(firstFinding(en, "## Key findings").contains(" requests, "), en);
    String zh = Files.readString(runDir.resolve("summary_zh.md"));
    assertFalse(zh.contains("Java CLI"), zh);
    JsonNode summary = JSON.readTree(runDir.resolve("run_summary.json").toFile());
    JsonNode recorded = summary.get("ov_cli");
    assertEquals("/p/target/openviking-0.5.2/openviking/bin/ov", recorded.get("path").asText());
    assertEquals("fetched", recorded.get("source").asText());
    assertEquals("openviking 0.5.2", recorded.get("version").asText());
    for (String key : List.of("run_id", "created_at", "notes", "request_summary", "task_summary", "adapter_comparison",
        "errors", "summary_zh")) {
      assertTrue(summary.has(key), "the spec's keys stay: " + key);
    }
  }

  @Test
  void silentWhenCliSubprocessDidNotRun() throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    PostProcessor.process(runDir, new ReportOptions(null, false));
    assertFalse(Files.readString(runDir.resolve("summary.md")).contains("Java CLI"));
    assertFalse(JSON.readTree(runDir.resolve("run_summary.json").toFile()).has("ov_cli"), "no ov recorded, no key");
  }
}
