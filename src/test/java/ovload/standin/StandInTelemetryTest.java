package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ovload.support.Json;

/**
 * The stand-in answers {@code "telemetry": true} in the shape a real OpenViking 0.5.2 server does
 * (its saved replies under {@code resources/telemetry/openviking-0.5.2}), with its model delays as
 * stages, and sends {@code X-Process-Time} on every reply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandInTelemetryTest {
  private static final Path REAL = Path.of("src/test/resources/telemetry/openviking-0.5.2");
  private StandInServer server;
  private RawHttp api;

  @BeforeAll
  void start() throws Exception {
    // realistic mode: embedding and intent analysis take measurable time
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.REALISTIC));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "default");
    api.addResource("viking://resources/bench/t/doc.md", "# Doc\n\nload testing retrieval latency", true);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static JsonNode realTelemetry(String name) throws Exception {
    String raw = Files.readString(REAL.resolve(name + ".http"));
    return Json.MAPPER.readTree(raw.substring(raw.indexOf("\n\n") + 2)).get("telemetry");
  }

  /** Every object path of a JSON tree, e.g. summary.search.embed_query.duration_ms. */
  private static Set<String> paths(JsonNode node, String prefix, Set<String> into) {
    node.fields().forEachRemaining(e -> {
      String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      into.add(path);
      if (e.getValue().isObject()) {
        paths(e.getValue(), path, into);
      }
    });
    return into;
  }

  @Test
  void findTelemetryHasTheRealShape() throws Exception {
    RawHttp.Reply r = api.post("/api/v1/search/find", "{\"query\":\"load testing\",\"limit\":3,\"telemetry\":true}");
    assertEquals(200, r.status(), r.raw().body());
    JsonNode t = r.body().get("telemetry");
    Set<String> ours = paths(t, "", new TreeSet<>());
    for (String path : Set.of("id", "summary", "summary.operation", "summary.status", "summary.duration_ms",
        "summary.tokens", "summary.tokens.total", "summary.tokens.embedding", "summary.tokens.embedding.total",
        "summary.search", "summary.search.embed_query", "summary.search.embed_query.duration_ms",
        "summary.search.vector_retrieval", "summary.search.vector_retrieval.duration_ms")) {
      assertTrue(paths(realTelemetry("find"), "", new TreeSet<>()).contains(path), "the real reply has " + path);
      assertTrue(ours.contains(path), "the stand-in's reply lacks " + path + ": " + t);
    }
    assertEquals("search.find", t.path("summary").path("operation").asText());
    // the real id's form (tm_ and 32 hex digits, see find.http), and a new one per reply
    assertTrue(realTelemetry("find").path("id").asText().matches("tm_[0-9a-f]{32}"), "the recorded id's form");
    assertTrue(t.path("id").asText().matches("tm_[0-9a-f]{32}"), "the stand-in's id: " + t.path("id"));
    assertEquals(2, Stream.of(t, api.post("/api/v1/search/find", "{\"query\":\"load testing\",\"telemetry\":true}")
        .body().get("telemetry")).map(x -> x.path("id").asText()).distinct().count(), "one id per reply");
    double embed = t.path("summary").path("search").path("embed_query").path("duration_ms").asDouble();
    assertTrue(embed >= ModelMode.REALISTIC.embedMsPerChunk * 0.5, "the embedding delay is the embed_query stage: " + t);
    double server = Double.parseDouble(r.raw().headers().firstValue("X-Process-Time").orElseThrow()) * 1000;
    assertTrue(t.path("summary").path("duration_ms").asDouble() <= server, "the operation fits in the server's time");
  }

  @Test
  void searchWithSessionContextTimesIntentAnalysis() throws Exception {
    assertEquals(200, api.post("/api/v1/sessions/tel-1/messages", "{\"role\":\"user\",\"content\":\"latency please\",\"telemetry\":true}").status());
    RawHttp.Reply r = api.post("/api/v1/search/search", "{\"query\":\"latency\",\"session_id\":\"tel-1\",\"telemetry\":true}");
    JsonNode search = r.body().path("telemetry").path("summary").path("search");
    assertEquals("search.search", r.body().path("telemetry").path("summary").path("operation").asText());
    assertTrue(search.path("intent_analysis").path("duration_ms").asDouble() > 0, r.raw().body());
    // the real reply counts the search's queries beside its stages, in this order (telemetry/operation.py)
    assertEquals(2, realTelemetry("search-concurrent").path("summary").path("search").path("typed_queries_count").asInt(),
        "the real server, with the mock model's plan: two queries");
    List<String> order = List.of("target_abstract", "intent_analysis", "embed_query", "vector_retrieval", "typed_queries_count");
    List<String> keys = new ArrayList<>();
    search.fieldNames().forEachRemaining(keys::add);
    assertEquals(keys.stream().sorted(Comparator.comparing(order::indexOf)).toList(), keys, "the real server's order");
    assertTrue(order.containsAll(keys), keys.toString());
    // with context the mock planner plans two queries (resource, memory) that run at once: each of
    // their stages is summed over both, as OpenViking sums it, so the stages outgrow the wall clock
    assertEquals(2, search.path("typed_queries_count").asInt(), r.raw().body());
    double server = Double.parseDouble(r.raw().headers().firstValue("X-Process-Time").orElseThrow()) * 1000;
    double embed = search.path("embed_query").path("duration_ms").asDouble();
    assertTrue(embed >= 2 * ModelMode.REALISTIC.embedMsPerChunk, "two queries' embeddings: " + r.raw().body());
    double sum = 0;
    for (String stage : keys.subList(0, keys.size() - 1)) {
      double ms = search.path(stage).path("duration_ms").asDouble();
      assertTrue(ms <= 2 * server, stage + " fits in each query's share of the server's time: " + r.raw().body());
      sum += ms;
    }
    assertTrue(sum > server, "summed stages outgrow the server's time: " + sum + " > " + server);
    // without context: one query, no intent analysis
    JsonNode plain = api.post("/api/v1/search/search", "{\"query\":\"latency\",\"target_uri\":\"viking://resources/bench\","
        + "\"telemetry\":true}").body().path("telemetry").path("summary").path("search");
    assertEquals(1, plain.path("typed_queries_count").asInt(), plain.toString());
    assertFalse(plain.has("intent_analysis"), plain.toString());
    assertFalse(api.post("/api/v1/search/find", "{\"query\":\"latency\",\"telemetry\":true}").body().path("telemetry")
        .path("summary").path("search").has("typed_queries_count"), "a find counts no queries, as the real one");
    RawHttp.Reply commit = api.post("/api/v1/sessions/tel-1/commit", "{\"telemetry\":true}");
    assertEquals(realTelemetry("commit").path("summary").path("operation").asText(),
        commit.body().path("telemetry").path("summary").path("operation").asText());
  }

  @Test
  void notAskedNoTelemetryButAlwaysServerTime() throws Exception {
    RawHttp.Reply r = api.post("/api/v1/search/find", "{\"query\":\"load testing\"}");
    assertFalse(r.body().has("telemetry"));
    assertTrue(r.raw().headers().firstValue("X-Process-Time").isPresent());
    assertTrue(api.get("/health").raw().headers().firstValue("X-Process-Time").isPresent());
  }
}
