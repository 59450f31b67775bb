package ovload.gatling.feeders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.gatling.OperationMix;
import ovload.model.Operation;
import ovload.run.RemotePreparation;

class FeedersTest {
  @TempDir Path dir;
  private final UserFiles userFiles = UserFiles.load(Path.of("user-files"));

  private MarkdownFeeder feeder(long seed) {
    return new MarkdownFeeder(userFiles.resource(), "20261122T000000Z", seed, "viking://resources/bench/load_test", dir);
  }

  @Test
  void documentsAreDeterministicForASeed() {
    List<Document> a = feeder(42).seedDocuments("sdk", 3);
    List<Document> b = feeder(42).seedDocuments("sdk", 3);
    assertEquals(a, b);
    assertNotEquals(a.get(1).content(), feeder(7).seedDocuments("sdk", 3).get(1).content());
    Document doc = a.get(2);
    assertEquals("resource-0002.md", doc.fileName());
    assertEquals("viking://resources/bench/load_test/sdk/resource-0002.md", doc.uri());
    assertEquals(dir.resolve("seed/sdk/resource-0002.md"), doc.localPath());
    assertTrue(doc.content().startsWith("# OpenViking Load Benchmark Document 2\n"), doc.content());
    assertTrue(doc.content().contains("Adapter: sdk\nRun: 20261122T000000Z\n"));
    assertTrue(doc.content().contains("benchmark"), "the grep pattern has targets");
  }

  @Test
  void mixedDocumentsAreNewEachTime() {
    MarkdownFeeder feeder = feeder(42);
    assertEquals("mixed-0.md", feeder.nextMixedDocument("cli-http").fileName());
    assertEquals("mixed-1.md", feeder.nextMixedDocument("cli-http").fileName());
    assertEquals("mixed-0.md", feeder.nextMixedDocument("sdk").fileName());
  }

  @Test
  void sessionIdsHaveTheSpecsForm() {
    assertEquals(List.of("bench-load-R1-sdk-0000", "bench-load-R1-sdk-0001"), SessionIds.of("bench-load-", "R1", "sdk", 2));
  }

  @Test
  void messagesFollowTheTemplate() {
    assertEquals("[sdk] session=s-1 message=4. The user discussed OpenViking server load testing, concurrent resource "
        + "ingestion, retrieval latency, session commit background tasks, and mixed SDK/CLI traffic. Keep decisions, "
        + "bottlenecks, follow-up actions, and observed queue behavior.", userFiles.messageContent("sdk", "s-1", 4));
    assertEquals(4, userFiles.queries().size());
  }

  @Test
  void operationDrawsFollowTheSpecsWeights() {
    assertEquals(Map.of("find", 55, "search", 25, "grep", 10, "glob", 10), byName(OperationMix.RETRIEVAL.weights()));
    assertEquals(Map.of("find", 35, "search", 20, "add_message", 20, "commit_session", 10, "add_resource", 10,
        "observer_queue", 3, "system_status", 2), byName(OperationMix.MIXED.weights()));
    Random random = new Random(42);
    Map<Operation, Integer> counts = new HashMap<>();
    int draws = 200_000;
    for (int i = 0; i < draws; i++) {
      counts.merge(OperationMix.MIXED.draw(random), 1, Integer::sum);
    }
    OperationMix.MIXED.weights().forEach((op, weight) ->
        assertEquals(weight / 100.0, counts.get(op) / (double) draws, 0.005, op.wireName()));
    Random again = new Random(42);
    Random same = new Random(42);
    for (int i = 0; i < 100; i++) {
      assertEquals(OperationMix.RETRIEVAL.draw(again), OperationMix.RETRIEVAL.draw(same));
    }
  }

  private static Map<String, Integer> byName(Map<Operation, Integer> weights) {
    Map<String, Integer> named = new HashMap<>();
    weights.forEach((op, weight) -> named.put(op.wireName(), weight));
    return named;
  }

  @Test
  void remoteTreeLevelsAndSessionIdsAreReadAsTheScriptDoes() throws Exception {
    assertEquals(List.of("viking://resources/bench", "viking://resources/bench/load_test"),
        RemotePreparation.treeUris("viking://resources/bench/load_test"));
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    assertEquals(List.of("a", "b"), RemotePreparation.sessionIds(json.readTree(
        "[{\"session_id\":\"a\",\"uri\":\"viking://session/a\"},{\"session_id\":\"b\"}]")));
    assertEquals(List.of("c"), RemotePreparation.sessionIds(json.readTree("{\"sessions\":[{\"id\":\"c\"}]}")));
  }
}
