package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The configured delays are what a client measures, within loopback overhead. */
class LatencyTest {
  @Test
  void fixedLatencyIsHonoured() throws Exception {
    try (MockModelServer server = MockHttp.start("--latency-ms", "100")) {
      MockHttp http = new MockHttp(server);
      http.embed("\"warm up\"", "");
      for (int i = 0; i < 3; i++) {
        double embed = http.embed("\"some text\"", "").millis();
        double chat = http.chat("hello", "").millis();
        assertTrue(embed >= 100 && embed < 250, "embedding took " + embed + " ms");
        assertTrue(chat >= 100 && chat < 250, "chat took " + chat + " ms");
      }
      // the server counts a call's model time once its reply is sent, a moment after the client has it: wait for it
      ModelStats.Snapshot stats = server.stats().of(ModelStats.Endpoint.CHAT);
      for (long deadline = System.nanoTime() + 2_000_000_000L; stats.modelTimeMs() < 300 && System.nanoTime() < deadline; ) {
        Thread.sleep(10);
        stats = server.stats().of(ModelStats.Endpoint.CHAT);
      }
      assertEquals(300, stats.modelTimeMs(), "3 calls x 100 ms of model time");
      assertTrue(stats.latencyP50Ms() >= 100, "server-side latency includes the model time");
    }
  }

  @Test
  void tokenLatencyScalesWithOutputTokens() throws Exception {
    double shortReply;
    double longReply;
    try (MockModelServer server = MockHttp.start("--token-latency-ms", "10", "--reply", "one two three four five")) {
      MockHttp http = new MockHttp(server);
      http.chat("warm up", "");
      shortReply = http.chat("x", "").millis();
    }
    try (MockModelServer server = MockHttp.start("--token-latency-ms", "10", "--reply", "w ".repeat(20).trim())) {
      MockHttp http = new MockHttp(server);
      http.chat("warm up", "");
      longReply = http.chat("x", "").millis();
    }
    assertTrue(shortReply >= 50 && shortReply < 150, "5 tokens x 10 ms took " + shortReply);
    assertTrue(longReply >= 200 && longReply < 320, "20 tokens x 10 ms took " + longReply);
  }

  @Test
  void embeddingTokenLatencyCountsInputTokens() throws Exception {
    try (MockModelServer server = MockHttp.start("--token-latency-ms", "10")) {
      MockHttp http = new MockHttp(server);
      http.embed("\"warm\"", "");
      double millis = http.embed("[\"a b c d e\",\"f g h i j\"]", "").millis();
      assertTrue(millis >= 100 && millis < 200, "10 input tokens x 10 ms took " + millis);
    }
  }

  @Test
  void jitterStaysWithinItsBoundsAndSpreads() {
    LatencyModel model = new LatencyModel(100, 0, 0.2, 7);
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (int i = 0; i < 2000; i++) {
      long ms = model.callMs(0);
      min = Math.min(min, ms);
      max = Math.max(max, ms);
    }
    assertTrue(min >= 80 && max <= 120, "100 ms ± 20 % gave " + min + ".." + max);
    assertTrue(min <= 82 && max >= 118, "the draws cover the range: " + min + ".." + max);
    assertEquals(new LatencyModel(100, 0, 0.2, 7).callMs(0), new LatencyModel(100, 0, 0.2, 7).callMs(0),
        "a seed reproduces the delays");
  }

  @Test
  void jitteredCallsOverHttpStayWithinBounds() throws Exception {
    try (MockModelServer server = MockHttp.start("--latency-ms", "40", "--jitter", "0.5", "--seed", "3")) {
      MockHttp http = new MockHttp(server);
      http.embed("\"warm\"", "");
      server.stats().reset();
      for (int i = 0; i < 20; i++) {
        double millis = http.embed("\"x\"", "").millis();
        assertTrue(millis >= 20 && millis < 60 + 80, "40 ms ± 50 % took " + millis);
      }
      long model = server.stats().of(ModelStats.Endpoint.EMBEDDINGS).modelTimeMs();
      assertTrue(model >= 20 * 20 && model <= 20 * 60, "total model time " + model);
    }
  }
}
