package ovload.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.ServerTiming;

/**
 * The relay as {@code ov} meets it: a process that honours {@code http_proxy} (curl, as OpenViking's
 * reqwest-based {@code ov} does) reaches the server through it unchanged, and the call learns each
 * reply's {@code X-Process-Time}: over keep-alive, for a streamed (chunked) reply, for a request body.
 */
class ServerTimeRelayTest {
  @TempDir Path dir;
  private HttpServer server;
  private ServerTimeRelay relay;
  private final AtomicInteger connections = new AtomicInteger();
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      byte[] request = exchange.getRequestBody().readAllBytes();
      boolean chunked = exchange.getRequestURI().getPath().equals("/chunked");
      exchange.getResponseHeaders().add("X-Process-Time", exchange.getRequestURI().getPath().equals("/slow") ? "0.250000" : "0.012500");
      exchange.getResponseHeaders().add("X-Seen", exchange.getRequestMethod() + " " + exchange.getRequestURI()
          + " auth=" + exchange.getRequestHeaders().containsKey("Proxy-Authorization") + " body=" + request.length);
      exchange.getResponseHeaders().add("X-Body", new String(request, StandardCharsets.UTF_8));
      byte[] body = (exchange.getRequestURI().getPath().startsWith("/api/v1/")
          ? "{\"status\":\"ok\",\"result\":{},\"telemetry\":{\"summary\":{\"duration_ms\":9.5,\"search\":"
              + "{\"embed_query\":{\"duration_ms\":4.0},\"typed_queries_count\":2}}}}"
          : "{\"ok\":true,\"result\":\"" + "x".repeat(chunked ? 100_000 : 10) + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    server.start();
    relay = ServerTimeRelay.start("http://127.0.0.1:" + server.getAddress().getPort(), true);
  }

  @AfterEach
  void stop() throws Exception {
    relay.close();
    server.stop(0);
    readers.shutdownNow();
  }

  private ProcessOutput curl(String proxy, String... args) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(args).redirectErrorStream(false);
    builder.environment().put("http_proxy", proxy);
    builder.environment().remove("no_proxy");
    builder.environment().remove("NO_PROXY");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    return new ProcessOutput(p.exitValue(), out.toLowerCase(java.util.Locale.ROOT));
  }

  /** The process's exit and its output in lower case (the JDK's server writes "X-seen"). */
  record ProcessOutput(int exit, String out) {
    String head() {
      return out.substring(0, Math.min(out.length(), 600));
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  @Test
  void twoExchangesOverOneKeptConnectionAddUpTheirServerTimes() throws Exception {
    try (ServerTimeRelay.Call call = relay.open()) {
      ProcessOutput out = curl(call.proxyUrl(), "curl", "-s", "-D", "-", url("/health"), url("/slow?x=1"));
      assertEquals(0, out.exit(), out.head());
      assertTrue(out.out().contains("x-seen: get /health auth=false body=0"), out.head()); // the proxy's credentials stay with the relay
      assertTrue(out.out().contains("x-seen: get /slow?x=1 auth=false"), out.out().substring(out.out().length() - 300));
      assertEquals(262.5, call.timing().serverMs(), 1e-9);
    }
  }

  @Test
  void aStreamedReplyAndARequestBodyPassUnchanged() throws Exception {
    try (ServerTimeRelay.Call call = relay.open()) {
      ProcessOutput out = curl(call.proxyUrl(), "curl", "-s", "-D", "-", "-X", "POST", "-d", "{\"query\":\"q\"}",
          "-H", "Content-Type: application/json", url("/chunked"));
      assertTrue(out.out().contains("x-seen: post /chunked auth=false body=13"), out.head());
      assertTrue(out.out().contains("transfer-encoding: chunked"), out.head());
      assertTrue(out.out().endsWith("x".repeat(100_000) + "\"}"), "the whole body");
      assertEquals(12.5, call.timing().serverMs(), 1e-9);
    }
  }

  /** Telemetry on: find asks for it and the call keeps its stages; a route the other paths do not time is left as sent. */
  @Test
  void withTelemetryOnFindAsksForItAndItsStagesAreRead() throws Exception {
    try (ServerTimeRelay.Call call = relay.open()) {
      ProcessOutput find = curl(call.proxyUrl(), "curl", "-s", "-D", "-", "-X", "POST", "-d", "{\"query\":\"q\",\"limit\":3}",
          url("/api/v1/search/find"));
      assertTrue(find.out().contains("x-body: {\"query\":\"q\",\"limit\":3,\"telemetry\":true}"), find.head());
      assertTrue(find.out().endsWith("\"typed_queries_count\":2}}}}"), find.head());
      ServerTiming timing = call.timing();
      assertEquals(12.5, timing.serverMs(), 1e-9);
      assertEquals(9.5, timing.telemetryMs(), 1e-9);
      assertEquals(java.util.Map.of("embed_query", 4.0), timing.stagesMs());
      assertEquals(2, timing.queries());
    }
    try (ServerTimeRelay.Call call = relay.open()) {
      ProcessOutput grep = curl(call.proxyUrl(), "curl", "-s", "-D", "-", "-X", "POST", "-d", "{\"pattern\":\"p\"}",
          url("/api/v1/search/grep"));
      assertTrue(grep.out().contains("x-body: {\"pattern\":\"p\"}"), grep.head());
      assertNull(call.timing().telemetryMs());
    }
    try (ServerTimeRelay plain = ServerTimeRelay.start(url(""), false); ServerTimeRelay.Call call = plain.open()) {
      ProcessOutput find = curl(call.proxyUrl(), "curl", "-s", "-D", "-", "-X", "POST", "-d", "{\"query\":\"q\"}",
          url("/api/v1/search/find"));
      assertTrue(find.out().contains("x-body: {\"query\":\"q\"}"), find.head());
      assertEquals(12.5, call.timing().serverMs(), 1e-9);
      assertNull(call.timing().stagesMs(), "telemetry off: the reply's telemetry is not read");
    }
  }

  @Test
  void anUnknownCallerOrAnotherServerIsRefused() throws Exception {
    ServerTimeRelay.Call closed = relay.open();
    closed.close();
    ProcessOutput unknown = curl(closed.proxyUrl(), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", url("/health"));
    assertEquals("407", unknown.out());
    assertNull(closed.timing());
    try (ServerTimeRelay.Call call = relay.open()) {
      ProcessOutput elsewhere = curl(call.proxyUrl(), "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://127.0.0.1:9/x");
      assertEquals("403", elsewhere.out());
      assertNull(call.timing(), "no reply of the server, no server time");
    }
  }

  @Test
  void noRelayForAnHttpsServer() throws Exception {
    assertNull(ServerTimeRelay.start("https://127.0.0.1:1935", true));
  }

  /** The adapter hands each process its own proxy user and takes the server's time into the call's result. */
  @Test
  void theAdaptersResultCarriesTheServersTime() throws Exception {
    Path ov = dir.resolve("ov");
    Files.writeString(ov, "#!/bin/sh\n"
        + "echo \"$NO_PROXY|$no_proxy\" > " + dir.resolve("env.log") + "\n"
        + "curl -s " + url("/slow") + "\n");
    ov.toFile().setExecutable(true);
    CliSubprocessAdapter adapter = new CliSubprocessAdapter(ov.toString(), dir.resolve("c"), dir, 10, readers, relay);
    AdapterResult r = adapter.health();
    assertTrue(r.success(), String.valueOf(r));
    assertEquals(250.0, r.timing().serverMs(), 1e-9);
    assertEquals(List.of("|"), Files.readAllLines(dir.resolve("env.log")), "no NO_PROXY lets a request around the relay");
    AdapterResult without = new CliSubprocessAdapter(ov.toString(), dir.resolve("c"), dir, 10, readers).health();
    assertNull(without.timing());
  }
}
