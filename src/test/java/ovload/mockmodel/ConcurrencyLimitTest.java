package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Beyond the limit calls queue for a permit, and the wait shows in latency and stats. */
class ConcurrencyLimitTest {
  @Test
  void sixCallsThroughTwoPermitsTakeThreeRounds() throws Exception {
    try (MockModelServer server = MockHttp.start("--concurrency", "2", "--latency-ms", "100")) {
      MockHttp http = new MockHttp(server);
      ExecutorService pool = Executors.newFixedThreadPool(6);
      long start = System.nanoTime();
      List<Future<MockHttp.Reply>> replies = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        replies.add(pool.submit(() -> http.embed("\"x\"", "")));
      }
      for (Future<MockHttp.Reply> reply : replies) {
        assertEquals(200, reply.get().status());
      }
      double wallMs = (System.nanoTime() - start) / 1e6;
      pool.shutdown();
      ModelStats.Snapshot stats = server.stats().of(ModelStats.Endpoint.EMBEDDINGS);
      assertEquals(2, stats.maxInFlight());
      assertEquals(0, stats.inFlight());
      assertTrue(wallMs >= 290, "3 rounds of 100 ms took " + wallMs);
      assertTrue(stats.waitedForPermit() >= 4, "at least 4 of 6 waited: " + stats.waitedForPermit());
      assertTrue(stats.waitedMs() >= 4 * 90, "waits of ~100 and ~200 ms: " + stats.waitedMs());
      assertTrue(stats.latencyMaxMs() >= 290, "the last call's latency includes its wait: " + stats.latencyMaxMs());
    }
  }
}
