package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.support.Json;

/** run_config.json keeps the keys, order and values the run folders of earlier versions have. */
class RunConfigFileTest {
  /** A smoke run's keys, in order: the reports, the shard merge and older run folders share them. */
  private static final List<String> KEYS = List.of(
      "run_id", "server_url", "api_key", "account", "user", "timeout", "adapters", "profile", "resource_count",
      "session_count", "messages_per_session", "resource_concurrency", "search_concurrency",
      "session_concurrency", "commit_concurrency", "mixed_concurrency", "phase_seconds", "mixed_seconds",
      "warmup_seconds", "drain_timeout", "task_poll_interval", "request_window_seconds", "local_data_dir",
      "user_files", "output_dir", "data_root_uri", "session_prefix", "clear_before_run", "cleanup_at_end",
      "ov_bin", "seed", "find_limit", "embedded_server", "model_mode", "load_model", "retrieval_rate",
      "mixed_rate", "max_failure_rate_percent", "max_success_p95_ms", "max_unfinished_tasks", "max_pending_server_queue",
      "target_pid",
      "standin_retrieval_delay_ms", "model_stats_url", "drain_server_queues", "livelock_seconds",
      "standin_stuck_queue", "standin_in_process", "telemetry", "abort_after_seconds", "shard", "start_at",
      "server_metrics_url", "profile_server", "profile_server_command",
      "ov_cli");
  @TempDir Path project;

  private JsonNode written(String... keyValues) throws Exception {
    Properties p = new Properties();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    RunConfig config = RunConfig.from(p, Map.of(), project, Instant.parse("2026-11-22T12:00:00Z"));
    String text = Json.PRETTY.writeValueAsString(
        RunConfigFile.of(config, "/opt/ov", Map.of("path", "/opt/ov", "project_cli", false)));
    assertFalse(text.contains("super-secret-key"), text);
    return Json.MAPPER.readTree(text);
  }

  private static List<String> keys(JsonNode node) {
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Test
  void theKeysKeepTheirNamesAndOrder() throws Exception {
    JsonNode file = written("adapters", "sdk,cli-http,cli-subprocess", "profile", "smoke", "apiKey", "super-secret-key");
    assertEquals(KEYS, keys(file));
    assertEquals("***redacted***", file.get("api_key").asText());
    assertEquals("/opt/ov", file.get("ov_bin").asText());
    assertEquals(60.0, file.get("timeout").doubleValue());
    assertEquals(project.resolve("user-files").toString(), file.get("user_files").asText());
    assertEquals("closed", file.get("load_model").asText());
    assertFalse(file.get("ov_cli").get("project_cli").asBoolean());
  }

  @Test
  void theStandInsSettingsAreWrittenOnlyForTheEmbeddedOne() throws Exception {
    JsonNode embedded = written("modelMode", "slow", "standinRetrievalDelayMs", "30", "standinInProcess", "true");
    assertTrue(embedded.get("embedded_server").asBoolean());
    assertEquals("slow", embedded.get("model_mode").asText());
    assertEquals(30, embedded.get("standin_retrieval_delay_ms").asLong());
    assertTrue(embedded.get("standin_in_process").asBoolean());
    JsonNode external = written("serverUrl", "http://127.0.0.1:1935", "modelMode", "slow");
    assertFalse(external.get("embedded_server").asBoolean());
    for (String key : List.of("model_mode", "standin_retrieval_delay_ms", "standin_in_process")) {
      assertTrue(external.get(key).isNull(), key);
    }
  }

  @Test
  void theOpenModelsHoldBackAndTheShardAreWrittenWhenSet() throws Exception {
    JsonNode open = written("loadModel", "open", "retrievalRate", "3", "mixedRate", "2.5");
    assertEquals("open", open.get("load_model").asText());
    assertEquals(2.5, open.get("mixed_rate").doubleValue());
    assertNull(open.get("test_hold_back_ms"), "a test's option, absent unless given");
    List<String> held = keys(written("loadModel", "open", "retrievalRate", "3", "mixedRate", "2.5", "testHoldBackMs", "50"));
    assertEquals("test_hold_back_ms", held.get(held.indexOf("mixed_rate") + 1));
    JsonNode shard = written("shard", "1/2", "serverUrl", "http://127.0.0.1:1935", "profile", "smoke",
        "startAt", "2026-11-22T12:05:00Z").get("shard");
    assertEquals(List.of("index", "count", "common_data_root_uri", "common_session_prefix"), keys(shard));
  }
}
