package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad option stops the run with its one-line message before a single request reaches the server. */
class BadOptionTest {
  @TempDir Path work;
  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();

  @BeforeEach
  void countingServer() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "profile|fast|ovload: unknown profile 'fast': use -Dprofile=smoke|standard|stress",
      "adapters|sdk,grpc|ovload: unknown adapter 'grpc' in -Dadapters: valid adapters are sdk, cli-http, cli-subprocess",
      "resourceCount|0|ovload: -DresourceCount must be a positive whole number, got '0'",
      "dataRootUri|viking://user/memories|ovload: refusing -DdataRootUri 'viking://user/memories': it must lie strictly inside viking://resources/",
      "cleanupAtEnd|perhaps|ovload: -DcleanupAtEnd must be true or false, got 'perhaps'",
      "shard|3/3|ovload: -Dshard=3/3: the shard index counts from 0 and must be below the count 3, e.g. -Dshard=2/3",
      "startAt|tomorrow|ovload: malformed -DstartAt 'tomorrow': give an ISO time with its zone",
      "adapters|''|ovload: -Dadapters is empty: give it a value, or leave it out for the default",
      "sessionPrefix|a|ovload: refusing -DsessionPrefix 'a': too short to be the suite's own",
      "outputDir|/proc/forbidden|ovload: -DoutputDir /proc/forbidden cannot be written (No such file or directory): choose a folder"})
  void failsFastWithItsMessageAndSendsNothing(String option, String value, String message) throws Exception {
    Path runDir = work.resolve("run");
    Map<String, String> options = new java.util.HashMap<>(Map.of(
        "serverUrl", "http://127.0.0.1:" + server.getAddress().getPort(),
        "cleanupAtEnd", "true",
        "adapters", "sdk",
        "outputDir", runDir.toString(),
        "localDataDir", work.resolve("data").toString()));
    options.put(option, value);
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 120);
    assertNotEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains(message), result.output());
    assertEquals(1, result.output().lines().filter(l -> l.startsWith("ovload:")).count(), result.output());
    assertEquals(0, requests.get(), "no request reached the server");
    assertFalse(Files.exists(runDir.resolve("request_events.jsonl")), "no run started");
    assertEquals(ExitCause.BAD_OPTION.exitCode, result.exitCode(), result.output());
  }

  /** A run folder under a file: one line, no stack trace, the outcome written; the stand-in never started. */
  @Test
  void anUnwritableOutputFolderIsOneLineBeforeTheStandInStarts() throws Exception {
    Path file = Files.writeString(work.resolve("a-file"), "x");
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 1);
    options.put("outputDir", file.resolve("run").toString());
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 120);
    assertEquals(ExitCause.BAD_OPTION.exitCode, result.exitCode(), result.output());
    assertTrue(result.output().contains("ovload: -DoutputDir " + file.resolve("run") + " cannot be written (Not a directory): "
        + "choose a folder you can write"), result.output());
    assertFalse(result.output().contains("\tat "), "no stack trace:\n" + result.output());
    assertFalse(result.output().contains("Run crashed"), result.output());
    assertFalse(result.output().contains("listening") || result.output().contains("standin:"), "no stand-in:\n" + result.output());
    assertTrue(result.output().strip().lines().reduce((a, b) -> b).orElse("").startsWith("ovload result: BAD OPTION (exit 3) ["),
        result.output());
  }

  @Test
  void anUnreachableServerIsACauseOfItsOwnNotABadOption() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), Map.of(
        "serverUrl", "http://127.0.0.1:" + closedPort, "adapters", "sdk", "profile", "smoke",
        "outputDir", work.resolve("run").toString(), "localDataDir", work.resolve("data").toString()), 120);
    assertEquals(ExitCause.UNREACHABLE_SERVER.exitCode, result.exitCode(), result.output());
    assertTrue(result.output().contains("ovload: cannot reach OpenViking at http://127.0.0.1:" + closedPort), result.output());
    assertTrue(result.output().strip().lines().reduce((a, b) -> b).orElse("")
        .startsWith("ovload result: UNREACHABLE SERVER (exit 4) ["), result.output());
  }

  /**
   * A server that answers health but refuses the run's preparation: the first run had begun (in
   * Gatling's {@code before()}), so its folder gets its reports and the outcome, then exit 4, and no load.
   */
  @Test
  void aServerThatRefusesPreparationIsUnreachableAfterTheRunFoldersReports() throws Exception {
    HttpServer refusing = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    refusing.createContext("/", exchange -> {
      boolean health = exchange.getRequestURI().getPath().equals("/health");
      byte[] body = (health ? "{\"status\": \"ok\"}"
          : "{\"status\": \"error\", \"error\": {\"code\": \"INTERNAL\", \"message\": \"refused\"}}").getBytes();
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(health ? 200 : 500, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    refusing.start();
    Path runDir = work.resolve("run");
    try {
      GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), Map.of(
          "serverUrl", "http://127.0.0.1:" + refusing.getAddress().getPort(), "adapters", "sdk", "profile", "smoke",
          "telemetry", "false", "outputDir", runDir.toString(), "localDataDir", work.resolve("data").toString()), 180);
      assertEquals(ExitCause.UNREACHABLE_SERVER.exitCode, result.exitCode(), result.output());
      assertEquals(1, result.output().lines().filter(l -> l.startsWith("ovload: preparing the run failed: ")).count(),
          result.output());
      assertTrue(result.output().strip().lines().reduce((a, b) -> b).orElse("")
          .equals("ovload result: UNREACHABLE SERVER (exit 4) [" + runDir.resolve(Verdict.FILE) + "]"), result.output());
      com.fasterxml.jackson.databind.JsonNode outcome = ovload.support.Json.MAPPER.readTree(runDir.resolve(Verdict.FILE).toFile());
      assertEquals("unreachable_server", outcome.get("outcome").asText());
      assertEquals(runDir.toString(), outcome.get("run_folder").asText());
      assertTrue(Files.readString(runDir.resolve("notes.json")).contains("fatal: preparation failed: "));
      assertTrue(Files.exists(runDir.resolve("summary.md")), "the begun run's folder has its reports");
      assertEquals(0, Files.readAllLines(runDir.resolve("request_events.jsonl")).size(), "no load ran");
    } finally {
      refusing.stop(0);
    }
  }
}
