package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -Dshard=i/N and -Dshards=N with JOB_COMPLETION_INDEX: the slice, the shard's own data, and every refusal. */
class ShardTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  @TempDir Path project;

  private RunConfig parse(Map<String, String> env, String... keyValues) {
    Properties p = new Properties();
    p.setProperty("adapters", "sdk");
    p.setProperty("profile", "smoke");
    p.setProperty("serverUrl", "http://127.0.0.1:1935");
    p.setProperty("runId", "r1");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return RunConfig.from(p, env, project, NOW);
  }

  private String error(Map<String, String> env, String... keyValues) {
    String message = assertThrows(ConfigException.class, () -> parse(env, keyValues)).getMessage();
    assertFalse(message.contains("\n"), "one line: " + message);
    return message;
  }

  @Test
  void aShardOwnsItsDataRootPrefixLocalFolderAndRunFolder() {
    RunConfig c = parse(Map.of(), "shard", "1/2");
    assertEquals(new Shard(1, 2, true, null), c.shard());
    assertEquals("viking://resources/bench/load_test/shard-1", c.data().dataRootUri());
    assertEquals("bench-load-s1-", c.data().sessionPrefix());
    assertEquals(project.resolve("target/ovload-data/shard-1"), c.paths().localDataDir());
    assertEquals(project.resolve("reports/r1-shard-1"), c.paths().outputDir());
    Map<String, Object> described = Described.of(c);
    @SuppressWarnings("unchecked")
    Map<String, Object> shard = (Map<String, Object>) described.get("shard");
    assertEquals("viking://resources/bench/load_test", shard.get("common_data_root_uri"));
    assertEquals("bench-load-", shard.get("common_session_prefix"));
    assertEquals(2, shard.get("count"));
    // the whole workload is described: the shard's slice follows from the index
    assertEquals(6, described.get("resource_count"));
  }

  @Test
  void anUnshardedRunKeepsTheCommonRootAndPrefix() {
    RunConfig c = parse(Map.of());
    assertEquals(Shard.NONE, c.shard());
    assertEquals("viking://resources/bench/load_test", c.data().dataRootUri());
    assertEquals("bench-load-", c.data().sessionPrefix());
    assertNull(Described.of(c).get("shard"));
  }

  @Test
  void theIndexedJobGivesTheIndex() {
    RunConfig c = parse(Map.of(Shard.INDEX_ENV, "2"), "shards", "3", "resourceCount", "3", "sessionCount", "3",
        "resourceConcurrency", "3", "searchConcurrency", "3", "sessionConcurrency", "3", "commitConcurrency", "3",
        "mixedConcurrency", "3");
    assertEquals(2, c.shard().index());
    assertEquals(3, c.shard().count());
  }

  @Test
  void theSlicesAreDisjointAndTogetherTheWhole() {
    for (int n = 1; n <= 5; n++) {
      for (int total = n; total <= 13; total++) {
        List<Integer> all = IntStream.range(0, total).boxed().toList();
        List<Integer> union = new ArrayList<>();
        int workers = 0;
        for (int i = 0; i < n; i++) {
          Shard s = new Shard(i, n, true, null);
          List<Integer> mine = s.slice(all);
          assertEquals(s.share(total), mine.size());
          for (int local = 0; local < mine.size(); local++) {
            assertEquals(mine.get(local).longValue(), s.global(local), "worker numbers are the unsharded run's");
          }
          union.addAll(mine);
          workers += s.share(total);
        }
        assertEquals(total, workers);
        union.sort(null);
        assertEquals(all, union, n + " shards of " + total);
      }
    }
  }

  @Test
  void badShardOptionsAreOneLineNamingTheFix() {
    Map<String, String> none = Map.of();
    assertTrue(error(none, "shard", "2/2").contains("e.g. -Dshard=1/2"));
    assertTrue(error(none, "shard", "0/0").contains("count must be 1 or more"));
    assertTrue(error(none, "shard", "1of2").contains("malformed -Dshard '1of2'"));
    assertTrue(error(none, "shard", "-1/2").contains("malformed -Dshard"));
    assertTrue(error(none, "shards", "0").contains("-Dshards must be a whole number of shards, 1 or more"));
    assertTrue(error(none, "shards", "2").contains("JOB_COMPLETION_INDEX, which is not set"));
    assertTrue(error(Map.of(Shard.INDEX_ENV, "x"), "shards", "2").contains("which is 'x'"));
    assertTrue(error(Map.of(Shard.INDEX_ENV, "2"), "shards", "2").contains("must be below the count 2"));
    assertTrue(error(none, "shard", "0/2", "shards", "2").contains("exclude each other"));
    // the smoke profile has 2 resource workers: a third shard would have none
    assertTrue(error(none, "shard", "0/3").contains("-DresourceConcurrency is 2, fewer than the 3 shards"));
    Properties p = new Properties();
    p.setProperty("adapters", "sdk");
    p.setProperty("shard", "0/2");
    assertTrue(assertThrows(ConfigException.class, () -> RunConfig.from(p, Map.of(), project, NOW)).getMessage()
        .contains("give -DserverUrl"));
  }

  @Test
  void theCommonStartIsATimeAheadWithItsZone() {
    Map<String, String> none = Map.of();
    assertEquals(Instant.parse("2026-11-29T12:01:00Z"), parse(none, "startAt", "2026-11-29T12:01:00Z").shard().startAt());
    assertEquals(Instant.parse("2026-11-29T12:01:00Z"),
        parse(none, "shard", "0/2", "startAt", "2026-11-29T13:01:00+01:00").shard().startAt());
    // a few seconds late (a pod scheduled late) is not an error: that shard begins at once
    assertEquals(Instant.parse("2026-11-29T11:59:30Z"), parse(none, "startAt", "2026-11-29T11:59:30Z").shard().startAt());
    assertTrue(error(none, "startAt", "2026-11-29T11:50:00Z").contains("lies 600 s in the past"));
    assertTrue(error(none, "startAt", "2026-11-29 12:01").contains("malformed -DstartAt"));
    assertTrue(error(none, "startAt", "2026-11-29T12:01:00").contains("with its zone"));
    assertTrue(error(none, "startAt", "2026-12-01T12:00:00Z").contains("more than a day ahead"));
  }

  @Test
  void aShardRunsOneRun() {
    assertTrue(assertThrows(ConfigException.class, () -> {
      Properties p = new Properties();
      p.setProperty("adapters", "sdk");
      p.setProperty("profile", "smoke");
      p.setProperty("serverUrl", "http://127.0.0.1:1935");
      p.setProperty("shard", "0/2");
      p.setProperty("runs", "3");
      RunPlan.from(p, Map.of(), project, NOW);
    }).getMessage().contains("a shard runs one run"));
  }
}
