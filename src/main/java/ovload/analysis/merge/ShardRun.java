package ovload.analysis.merge;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import ovload.analysis.merge.ShardMerge.MergeException;
import ovload.support.Json;

/**
 * One shard's folder and what the merge reads from it first: its configuration, its index and the
 * wall-clock start of its run. {@link #readAll} refuses folders that are not the shards of one run.
 */
public record ShardRun(Path dir, JsonNode config, int index, long startEpochMillis) {
  /** What a shard may differ in from the others: everything else describes one workload. */
  private static final List<String> OWN_KEYS = List.of("run_id", "data_root_uri", "session_prefix", "output_dir",
      "local_data_dir", "shard", "ov_cli", "ov_bin", "start_at", "target_pid");

  /** The shards in index order; a {@link MergeException} naming the fix when they are not all the shards of one run. */
  static List<ShardRun> readAll(List<Path> dirs) throws IOException {
    if (dirs.isEmpty()) {
      throw new MergeException("no shard folders given");
    }
    List<ShardRun> shards = new ArrayList<>();
    for (Path dir : dirs) {
      Path configFile = dir.resolve("run_config.json");
      if (!Files.exists(configFile)) {
        throw new MergeException(dir + " holds no run_config.json: give the shards' run folders");
      }
      JsonNode config = Json.MAPPER.readTree(configFile.toFile());
      JsonNode shard = config.path("shard");
      if (!shard.isObject()) {
        throw new MergeException(dir + " is not a shard's run (its run_config.json has no shard): run it with -Dshard=i/N");
      }
      shards.add(new ShardRun(dir, config, shard.path("index").asInt(), startOf(dir)));
    }
    shards.sort(Comparator.comparingInt(ShardRun::index));
    JsonNode first = shards.get(0).config();
    int count = first.path("shard").path("count").asInt();
    for (int i = 0; i < shards.size(); i++) {
      ShardRun s = shards.get(i);
      if (s.index() != i || s.config().path("shard").path("count").asInt() != count) {
        throw new MergeException("the folders are not shards 0.." + (count - 1) + " of one run: found shard "
            + s.index() + " of " + s.config().path("shard").path("count").asInt() + " in " + s.dir()
            + " where shard " + i + " of " + count + " belongs");
      }
      for (var it = first.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!OWN_KEYS.contains(field.getKey()) && !field.getValue().equals(s.config().path(field.getKey()))) {
          throw new MergeException(s.dir() + " ran another workload than " + shards.get(0).dir() + ": "
              + field.getKey() + " is " + s.config().path(field.getKey()) + ", not " + field.getValue()
              + "; merge only the shards of one run");
        }
      }
    }
    if (shards.size() != count) {
      throw new MergeException("the run had " + count + " shards, " + shards.size() + " folders given: shard "
          + shards.size() + " is missing");
    }
    return shards;
  }

  /**
   * The wall-clock millis of a shard's run start, as its events say: each event's {@code started_at}
   * is the start plus its whole elapsed milliseconds.
   */
  private static long startOf(Path dir) throws IOException {
    Path events = dir.resolve("request_events.jsonl");
    if (Files.exists(events)) {
      try (Stream<String> lines = Files.lines(events, StandardCharsets.UTF_8)) {
        Optional<String> line = lines.filter(l -> !l.isBlank()).findFirst();
        if (line.isPresent()) {
          JsonNode e = Json.MAPPER.readTree(line.get());
          return Instant.parse(e.path("started_at").asText()).toEpochMilli()
              - (long) Math.floor(e.path("elapsed_ms_since_run_start").asDouble());
        }
      }
    }
    throw new MergeException(dir + " recorded no request: a shard that sent nothing cannot be merged; rerun it");
  }
}
