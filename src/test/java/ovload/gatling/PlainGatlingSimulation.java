package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Simulation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gatling's HTTP engine alone, for scripts/generator-cost.sh: the retrieval mix's requests (the file
 * wrk reads, {@code -Dovload.bodies}), the sdk adapter's headers, {@code -DsearchConcurrency} users
 * looping for three times {@code -DphaseSeconds} (and 2 s more), a 2xx check and nothing of ovload's
 * recording. Its third stretch of {@code phaseSeconds} is measured (console lines mark it), the
 * rest warms the JIT as an ovload run's earlier phases and warm-up do. What it costs per request is
 * the floor ovload's sdk path stands on. A benchmark's simulation, not a product's.
 */
public class PlainGatlingSimulation extends Simulation {
  private static final Map<String, Integer> WEIGHTS = Map.of("find", 55, "search", 25, "grep", 10, "glob", 10);
  private final AtomicLong requests = new AtomicLong();
  private final long measuredSeconds = Long.getLong("phaseSeconds", 10);

  private record Request(String name, String path, byte[] body) {}

  {
    List<Request> slots = slots(Path.of(System.getProperty("ovload.bodies")));
    String key = "ovRequest";
    setUp(scenario("plain").exec(exec(s -> s.set("ovRandom", new Random(42L + s.userId())))
            .exec(during(Duration.ofSeconds(3 * measuredSeconds + 2), false).on(
                exec(s -> {
                  requests.incrementAndGet();
                  return s.set(key, slots.get(s.<Random>get("ovRandom").nextInt(slots.size())));
                }).exec(http(s -> s.<Request>get(key).name()).post(s -> s.<Request>get(key).path())
                    .header("Content-Type", "application/json")
                    .body(ByteArrayBody(s -> s.<Request>get(key).body()))
                    .check(status().in(200, 201, 202, 204))))))
        .injectOpen(atOnceUsers(Integer.getInteger("searchConcurrency", 8))))
        .protocols(http.baseUrl(System.getProperty("serverUrl")).disableWarmUp().disableCaching().shareConnections()
            .disableAutoReferer().userAgentHeader("ovload-sdk").header("X-API-Key", "test-root-api-key")
            .header("X-OpenViking-Account", "default").header("X-OpenViking-User", "default"));
  }

  /** One slot per unit of weight, each operation's slots cycling through its bodies, as the Lua script does. */
  private static List<Request> slots(Path file) {
    Map<String, List<Request>> byOperation = new java.util.HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] parts = line.split("\t", 3);
        byOperation.computeIfAbsent(parts[0], k -> new ArrayList<>())
            .add(new Request(parts[0], parts[1], parts[2].getBytes(StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Request> slots = new ArrayList<>();
    WEIGHTS.forEach((operation, weight) -> {
      List<Request> own = byOperation.get(operation);
      for (int i = 0; i < weight; i++) {
        slots.add(own.get(i % own.size()));
      }
    });
    return slots;
  }

  /** The measured part's start and end as console lines, from a timer: after the load, the JVM may be gone. */
  @Override
  public void before() {
    Thread marker = new Thread(() -> {
      try {
        Thread.sleep(2 * measuredSeconds * 1000);
        long before = requests.get();
        System.out.println("plain-gatling measured part");
        Thread.sleep(measuredSeconds * 1000);
        System.out.println("plain-gatling load ended: " + (requests.get() - before) + " requests measured");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    marker.setDaemon(true);
    marker.start();
  }
}
