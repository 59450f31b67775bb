package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * The sdk request path does less per request than it records: a reply's body is decoded only when
 * read, yet a failure's event still carries the server's error; the generator's own warm-up sends
 * the retrieval phase's requests, which the server counts but no event, phase or Gatling statistic shows.
 */
class SdkRequestPathRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void failuresKeepTheServersErrorAndTheGeneratorWarmupLeavesNoTrace() throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("sdk-path-" + System.nanoTime()).toAbsolutePath();
    Map<String, Long> serverCounts;
    // a failing model provider: some finds and searches answer 503 with OpenViking's error envelope
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withModelErrorRate(0.5).withBreakerResetMillis(50).withSeed(3))) {
      Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 3);
      options.put("serverUrl", server.baseUrl());
      options.put("telemetry", "false");
      GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 400);
      assertTrue(GatlingFork.passedOrFailedGatesOnly(result), result.output());
      serverCounts = requestsByRoute(server.baseUrl());
    }
    Path runDir = work.resolve("run");
    List<JsonNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      events.add(JSON.readTree(line));
    }
    List<JsonNode> retrieval = events.stream().filter(e -> e.get("scenario").asText().equals("retrieval")).toList();
    List<JsonNode> failed = retrieval.stream().filter(e -> !e.get("success").asBoolean()).toList();
    assertTrue(!failed.isEmpty(), "the faulty provider failed no retrieval request");
    for (JsonNode e : failed) {
      // the code and message of the reply's error envelope, which only a saved body gives (else HttpError, "HTTP 503")
      assertTrue(e.get("status_code").asInt() >= 500, e.toString());
      assertTrue(List.of("UNAVAILABLE", "INTERNAL").contains(e.get("exception_type").asText()), e.toString());
      assertTrue(e.get("error_message").asText().matches("(?i).*(unavailable|internal).*"), e.toString());
    }
    assertTrue(retrieval.stream().anyMatch(e -> e.get("success").asBoolean() && e.get("status_code").asInt() == 200),
        "no retrieval request succeeded");

    assertTrue(events.stream().noneMatch(e -> e.get("scenario").asText().contains("generator")), "a warm-up request was recorded");
    // the warm-up went through every retrieval operation's path: the server saw more of each than the events hold
    long unrecorded = 0;
    for (String operation : List.of("find", "search", "grep", "glob")) {
      long recorded = events.stream().filter(e -> e.get("operation").asText().equals(operation)).count();
      long seen = serverCounts.getOrDefault("/api/v1/search/" + operation, 0L);
      assertTrue(seen > recorded, operation + ": the server saw " + seen + ", the events hold " + recorded);
      unrecorded += seen - recorded;
    }
    assertTrue(unrecorded >= 100, "the warm-up sent only " + unrecorded + " retrieval requests");
    long warmupHealth = events.stream().filter(e -> e.get("scenario").asText().equals("warmup")).count();
    assertTrue(warmupHealth >= 1 && warmupHealth < 20, "the spec's warm-up sends a health check every 0.2 s: " + warmupHealth);
    Path stats;
    try (Stream<Path> files = Files.walk(runDir)) {
      stats = files.filter(p -> p.toString().endsWith("js/stats.json")).findFirst().orElseThrow();
    }
    String gatlingStats = Files.readString(stats);
    assertTrue(!gatlingStats.contains("generator"), "Gatling's stats show the generator's warm-up");
    JsonNode health = find(JSON.readTree(gatlingStats), "sdk/warmup/health");
    assertEquals(warmupHealth, health.path("stats").path("numberOfRequests").path("total").asLong(),
        "Gatling counts exactly the spec's warm-up requests");
  }

  /** The stand-in's own count of the requests it answered, by route (every method and status summed). */
  private static Map<String, Long> requestsByRoute(String baseUrl) throws Exception {
    String metrics = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(baseUrl + "/metrics")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Long> counts = new java.util.HashMap<>();
    java.util.regex.Matcher line = java.util.regex.Pattern
        .compile("(?m)^openviking_http_requests_total\\{.*route=\"([^\"]+)\".*\\} (\\d+)$").matcher(metrics);
    while (line.find()) {
      counts.merge(line.group(1), Long.parseLong(line.group(2)), Long::sum);
    }
    return counts;
  }

  private static JsonNode find(JsonNode node, String name) {
    if (name.equals(node.path("name").asText())) {
      return node;
    }
    for (JsonNode child : node.path("contents")) {
      JsonNode found = find(child, name);
      if (found != null) {
        return found;
      }
    }
    return null;
  }
}
