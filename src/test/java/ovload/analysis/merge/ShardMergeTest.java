package ovload.analysis.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.PhaseRecord;

/** The merge refuses folders that are not the shards of one run, each with one line naming the fix. */
class ShardMergeTest {
  @TempDir Path work;

  private Path shard(String name, int index, int count, String profile) throws IOException {
    Path dir = Files.createDirectories(work.resolve(name));
    Files.writeString(dir.resolve("run_config.json"), "{\"run_id\":\"r\",\"profile\":\"" + profile + "\",\"data_root_uri\":"
        + "\"viking://resources/bench/load_test/shard-" + index + "\",\"shard\":{\"index\":" + index + ",\"count\":" + count
        + ",\"common_data_root_uri\":\"viking://resources/bench/load_test\",\"common_session_prefix\":\"bench-load-\"}}");
    Files.writeString(dir.resolve("request_events.jsonl"), "{\"started_at\":\"2026-11-29T12:00:01.500Z\","
        + "\"elapsed_ms_since_run_start\":" + (1000.25 + index * 100) + "}\n");
    return dir;
  }

  private String refusal(List<Path> shards) {
    String message = assertThrows(ShardMerge.MergeException.class, () -> ShardMerge.merge(shards, work.resolve("out")))
        .getMessage();
    assertTrue(!message.contains("\n"), message);
    return message;
  }

  @Test
  void refusesWhatIsNotTheShardsOfOneRun() throws IOException {
    Path s0 = shard("r-shard-0", 0, 2, "smoke");
    Path s1 = shard("r-shard-1", 1, 2, "smoke");
    assertTrue(refusal(List.of(s0)).contains("the run had 2 shards, 1 folders given: shard 1 is missing"));
    assertTrue(refusal(List.of(s0, s0)).contains("are not shards 0..1 of one run"));
    Path other = shard("x-shard-1", 1, 2, "standard");
    assertTrue(refusal(List.of(s0, other)).contains("ran another workload than"));
    assertTrue(refusal(List.of(s0, other)).contains("profile is \"standard\", not \"smoke\""));
    Path three = shard("y-shard-1", 1, 3, "smoke");
    assertTrue(refusal(List.of(s0, three)).contains("found shard 1 of 3"));
    Path plain = Files.createDirectories(work.resolve("plain"));
    Files.writeString(plain.resolve("run_config.json"), "{\"run_id\":\"p\"}");
    assertTrue(refusal(List.of(plain)).contains("is not a shard's run"));
    Files.writeString(Files.createDirectories(work.resolve("out")).resolve("x"), "");
    assertTrue(refusal(List.of(s0, s1)).contains("already holds files: merge into a new or empty folder"));
    assertTrue(refusal(List.of()).contains("no shard folders given"));
  }

  @Test
  void findsTheShardsBesideTheRunFolder() throws IOException {
    Path s1 = shard("r-shard-1", 1, 2, "smoke");
    Path s0 = shard("r-shard-0", 0, 2, "smoke");
    shard("rx-shard-0", 0, 2, "smoke");
    assertEquals(List.of(s0, s1), ShardMerge.siblings(work.resolve("r")));
    assertTrue(assertThrows(ShardMerge.MergeException.class, () -> ShardMerge.siblings(work.resolve("none")))
        .getMessage().contains("no shard folders"));
  }

  @Test
  void aPhaseSpansItsShards() throws IOException {
    Path s0 = shard("r-shard-0", 0, 2, "smoke");
    Path s1 = shard("r-shard-1", 1, 2, "smoke");
    Files.writeString(s0.resolve("phases.json"), "[{\"adapter\":\"sdk\",\"scenario\":\"mixed\",\"started_at\":"
        + "\"2026-11-29T12:00:10.000Z\",\"ended_at\":\"2026-11-29T12:00:20.000Z\",\"duration_seconds\":10.0}]");
    Files.writeString(s1.resolve("phases.json"), "[{\"adapter\":\"sdk\",\"scenario\":\"mixed\",\"started_at\":"
        + "\"2026-11-29T12:00:09.500Z\",\"ended_at\":\"2026-11-29T12:00:19.000Z\",\"duration_seconds\":9.5}]");
    List<PhaseRecord> phases = ShardJoin.phases(List.of(new ShardRun(s0, null, 0, 0),
        new ShardRun(s1, null, 1, 0)));
    assertEquals(List.of(new PhaseRecord("sdk", "mixed", "2026-11-29T12:00:09.500Z", "2026-11-29T12:00:20.000Z", 10.5)),
        phases);
  }

  @Test
  void aMergeOfWhatFinishedNamesEveryShardThatDidNot() throws IOException {
    Path s0 = shard("r-shard-0", 0, 3, "smoke");
    Path s1 = shard("r-shard-1", 1, 3, "smoke");
    Files.writeString(s0.resolve("run_outcome.json"), "{\"outcome\":\"complete\"}");
    ShardRun.Finished finished = ShardRun.readFinished(List.of(s0, s1));
    assertEquals(List.of(0), finished.shards().stream().map(ShardRun::index).toList());
    assertEquals(List.of("shard 1 (" + s1 + "): its run did not end (no run_outcome.json)", "shard 2: no run folder"),
        finished.unfinished());
    // nothing finished: refused, every shard named
    String none = assertThrows(ShardMerge.MergeException.class, () -> ShardRun.readFinished(List.of(s1))).getMessage();
    assertTrue(none.startsWith("no shard finished, nothing to merge: shard 1 ("), none);
    assertTrue(none.contains("shard 0: no run folder") && none.contains("shard 2: no run folder"), none);
  }
}
