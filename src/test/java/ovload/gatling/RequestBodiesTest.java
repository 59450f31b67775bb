package ovload.gatling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RequestBodiesTest {
  @Test
  void aBodyIsTheCompactJsonTheSdkSendsInItsKeysOrderAsUtf8() {
    byte[] body = RequestBodies.json(Map.of("telemetry", true), "query", "café \"x\"", "target_uri", "viking://r", "limit", 10);
    assertEquals("{\"query\":\"café \\\"x\\\"\",\"target_uri\":\"viking://r\",\"limit\":10,\"telemetry\":true}",
        new String(body, StandardCharsets.UTF_8));
  }

  @Test
  void aKeptBodyIsSerialisedOnceAndEveryKeyHasItsOwn() {
    RequestBodies bodies = new RequestBodies();
    AtomicInteger made = new AtomicInteger();
    byte[] first = bodies.kept("q1", k -> {
      made.incrementAndGet();
      return RequestBodies.json(Map.of(), "query", "q1");
    });
    assertSame(first, bodies.kept("q1", k -> {
      made.incrementAndGet();
      return new byte[0];
    }));
    assertArrayEquals("{\"query\":\"q2\"}".getBytes(StandardCharsets.UTF_8),
        bodies.kept("q2", k -> RequestBodies.json(Map.of(), "query", "q2")));
    assertEquals(1, made.get());
  }

  @Test
  void pastTheLimitBodiesAreMadeEachTimeAndNotKept() {
    RequestBodies bodies = new RequestBodies();
    for (int i = 0; i < RequestBodies.MAX_KEPT + 10; i++) {
      bodies.kept("k" + i, k -> new byte[] {1});
    }
    assertEquals(RequestBodies.MAX_KEPT, bodies.size());
    AtomicInteger made = new AtomicInteger();
    bodies.kept("beyond", k -> {
      made.incrementAndGet();
      return new byte[] {2};
    });
    bodies.kept("beyond", k -> {
      made.incrementAndGet();
      return new byte[] {2};
    });
    assertEquals(2, made.get());
  }
}
