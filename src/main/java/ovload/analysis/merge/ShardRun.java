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
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import ovload.analysis.merge.ShardMerge.MergeException;
import ovload.recording.RunOutcome;
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
    return read(dirs, false);
  }

  /** The shards whose run ended, to merge, and one line for each shard of the run that did not. */
  record Finished(List<ShardRun> shards, List<String> unfinished) {}

  /**
   * For a merge of what finished: a shard whose run ended wrote {@code run_outcome.json} (a failed gate
   * or an aborted load included) and recorded a request; a shard killed on the way (its pod evicted or
   * out of memory) did not, and a shard with no folder never started. Every other check is the full merge's.
   */
  static Finished readFinished(List<Path> dirs) throws IOException {
    List<Path> ended = new ArrayList<>();
    List<String> unfinished = new ArrayList<>();
    Set<Integer> seen = new TreeSet<>();
    int count = 0;
    for (Path dir : dirs) {
      JsonNode shard = shardOf(dir);
      int index = shard.path("index").asInt();
      seen.add(index);
      count = Math.max(count, shard.path("count").asInt());
      if (!Files.exists(dir.resolve(RunOutcome.FILE))) {
        unfinished.add("shard " + index + " (" + dir + "): its run did not end (no " + RunOutcome.FILE + ")");
      } else if (firstEvent(dir).isEmpty()) {
        unfinished.add("shard " + index + " (" + dir + "): it recorded no request");
      } else {
        ended.add(dir);
      }
    }
    for (int i = 0; i < count; i++) {
      if (!seen.contains(i)) {
        unfinished.add("shard " + i + ": no run folder");
      }
    }
    if (ended.isEmpty()) {
      throw new MergeException("no shard finished, nothing to merge: " + String.join("; ", unfinished));
    }
    return new Finished(read(ended, true), unfinished);
  }

  private static JsonNode shardOf(Path dir) throws IOException {
    Path configFile = dir.resolve("run_config.json");
    if (!Files.exists(configFile)) {
      throw new MergeException(dir + " holds no run_config.json: give the shards' run folders");
    }
    JsonNode shard = Json.MAPPER.readTree(configFile.toFile()).path("shard");
    if (!shard.isObject()) {
      throw new MergeException(dir + " is not a shard's run (its run_config.json has no shard): run it with -Dshard=i/N");
    }
    return shard;
  }

  /** With {@code partial}, the shards given may be some of the run's, each at most once. */
  private static List<ShardRun> read(List<Path> dirs, boolean partial) throws IOException {
    if (dirs.isEmpty()) {
      throw new MergeException("no shard folders given");
    }
    List<ShardRun> shards = new ArrayList<>();
    for (Path dir : dirs) {
      JsonNode shard = shardOf(dir);
      shards.add(new ShardRun(dir, Json.MAPPER.readTree(dir.resolve("run_config.json").toFile()), shard.path("index").asInt(),
          startOf(dir)));
    }
    shards.sort(Comparator.comparingInt(ShardRun::index));
    JsonNode first = shards.get(0).config();
    int count = first.path("shard").path("count").asInt();
    for (int i = 0; i < shards.size(); i++) {
      ShardRun s = shards.get(i);
      boolean misplaced = partial ? s.index() >= count || (i > 0 && s.index() == shards.get(i - 1).index()) : s.index() != i;
      if (misplaced || s.config().path("shard").path("count").asInt() != count) {
        throw new MergeException("the folders are not shards 0.." + (count - 1) + " of one run: found shard "
            + s.index() + " of " + s.config().path("shard").path("count").asInt() + " in " + s.dir()
            + (partial ? ", twice or out of range" : " where shard " + i + " of " + count + " belongs"));
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
    if (!partial && shards.size() != count) {
      throw new MergeException("the run had " + count + " shards, " + shards.size() + " folders given: shard "
          + shards.size() + " is missing (--partial merges the shards that finished)");
    }
    return shards;
  }

  /**
   * The wall-clock millis of a shard's run start, as its events say: each event's {@code started_at}
   * is the start plus its whole elapsed milliseconds.
   */
  private static long startOf(Path dir) throws IOException {
    JsonNode e = firstEvent(dir).orElseThrow(() -> new MergeException(dir + " recorded no request: a shard that sent "
        + "nothing cannot be merged; rerun it, or merge the others with --partial"));
    return Instant.parse(e.path("started_at").asText()).toEpochMilli() - (long) Math.floor(e.path("elapsed_ms_since_run_start").asDouble());
  }

  private static Optional<JsonNode> firstEvent(Path dir) throws IOException {
    Path events = dir.resolve("request_events.jsonl");
    if (!Files.exists(events)) {
      return Optional.empty();
    }
    try (Stream<String> lines = Files.lines(events, StandardCharsets.UTF_8)) {
      Optional<String> line = lines.filter(l -> !l.isBlank()).findFirst();
      return line.isPresent() ? Optional.of(Json.MAPPER.readTree(line.get())) : Optional.empty();
    }
  }
}
