package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingApiException;
import ovload.client.OpenVikingClient;
import ovload.config.RunConfig;

/**
 * OpenViking 0.5.2 answers the removal of a path it is still processing with 409 CONFLICT,
 * {@code details.conflict_type path_busy}, {@code retryable true}: the clear waits for it (up to
 * drainTimeout), then names the busy path. A loopback server answers as the real one does.
 */
class BusyPathTest {
  private static final String BUSY = "{\"status\": \"error\", \"error\": {\"code\": \"CONFLICT\", \"message\": "
      + "\"Resource is being processed: viking://resources/bench/load_test\", \"details\": {\"resource\": "
      + "\"viking://resources/bench/load_test\", \"uri\": \"viking://resources/bench/load_test\", "
      + "\"conflict_type\": \"path_busy\", \"retryable\": %s}}}";
  @TempDir Path work;
  private HttpServer server;
  private final AtomicInteger removals = new AtomicInteger();

  /** A server whose rm of the data root is busy {@code busyAnswers} times, then done. */
  private String start(int busyAnswers, boolean retryable) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      if (exchange.getRequestMethod().equals("DELETE") && path.equals("/api/v1/fs")) {
        boolean busy = removals.incrementAndGet() <= busyAnswers;
        reply(exchange, busy ? 409 : 200, busy ? BUSY.formatted(retryable) : "{\"status\": \"ok\", \"result\": {}}");
      } else if (path.equals("/api/v1/sessions")) {
        reply(exchange, 200, "{\"status\": \"ok\", \"result\": []}");
      } else {
        reply(exchange, 404, "{\"status\": \"error\", \"error\": {\"code\": \"NOT_FOUND\", \"message\": \"none\"}}");
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private RemotePreparation.Cleared clear(String url, String drainTimeout) {
    Properties p = new Properties();
    p.setProperty("serverUrl", url);
    p.setProperty("adapters", "sdk");
    p.setProperty("profile", "smoke");
    p.setProperty("drainTimeout", drainTimeout);
    p.setProperty("taskPollInterval", "0.1");
    p.setProperty("outputDir", work.resolve("run").toString());
    p.setProperty("localDataDir", work.resolve("data").toString());
    RunConfig config = RunConfig.from(p, Map.of(), work, Instant.now());
    try (OpenVikingClient client = new OpenVikingClient(new ClientSettings(url, "k", "default", "default",
        Duration.ofSeconds(5), Map.of()))) {
      return new RemotePreparation(client, config).clear();
    }
  }

  @Test
  void aBusyPathIsWaitedForUntilTheServerLetsGo() throws Exception {
    String url = start(3, true);
    assertEquals(new RemotePreparation.Cleared(0, 0), clear(url, "10"));
    assertEquals(4, removals.get(), "three busy answers, then the removal");
  }

  @Test
  void aPathBusyForTheWholeWaitIsOneErrorNamingIt() throws Exception {
    String url = start(Integer.MAX_VALUE, true);
    long started = System.nanoTime();
    RuntimeException e = assertThrows(RuntimeException.class, () -> clear(url, "0.5"));
    assertEquals("the server kept viking://resources/bench/load_test busy (409 path_busy) for 0.5 s: it is still "
        + "processing earlier work there; run again once its queues are empty, or raise -DdrainTimeout", e.getMessage());
    double seconds = (System.nanoTime() - started) / 1e9;
    assertTrue(seconds >= 0.5 && seconds < 3, "bounded by drainTimeout: " + seconds);
    assertTrue(removals.get() >= 3, "retried: " + removals.get());
  }

  @Test
  void aConflictTheServerDoesNotCallRetryableIsNotWaitedFor() throws Exception {
    String url = start(Integer.MAX_VALUE, false);
    OpenVikingApiException e = assertThrows(OpenVikingApiException.class, () -> clear(url, "10"));
    assertEquals(409, e.httpStatus());
    assertEquals(1, removals.get());
  }
}
