package ovload.analysis.merge;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import ovload.support.Json;
import ovload.support.Timestamps;

/**
 * The merged run's {@code run_config.json}: the first shard's configuration (the shards ran one
 * workload) with the run's own id and folder, the data root and session prefix common to all
 * shards, and the shards listed in place of the one shard.
 */
final class MergedConfig {
  private MergedConfig() {}

  /** One shard, as the merged configuration lists it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"index", "count", "folder", "run_id", "data_root_uri", "session_prefix", "started_at"})
  record Entry(int index, int count, String folder, String runId, String dataRootUri, String sessionPrefix, String startedAt) {}

  static ObjectNode of(List<ShardRun> shards, Path out) {
    ObjectNode config = shards.get(0).config().deepCopy();
    JsonNode shard = config.path("shard");
    config.put("run_id", out.getFileName().toString());
    config.put("data_root_uri", shard.path("common_data_root_uri").asText());
    config.put("session_prefix", shard.path("common_session_prefix").asText());
    config.put("output_dir", out.toAbsolutePath().toString());
    config.remove("shard");
    List<Entry> entries = shards.stream().map(s -> new Entry(s.index(), shards.size(), s.dir().toAbsolutePath().toString(),
        s.config().path("run_id").asText(), s.config().path("data_root_uri").asText(),
        s.config().path("session_prefix").asText(), Timestamps.isoFromEpochMillis(s.startEpochMillis()))).toList();
    config.set("shards", Json.MAPPER.valueToTree(entries));
    return config;
  }
}
