package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import ovload.serverside.metrics.PromText;

/**
 * The stand-in's {@code /metrics} counts its simulated model calls under OpenViking 0.5.2's names,
 * types and labels (the recorded real output), each call in the bucket its delay falls in.
 */
class StandInModelMetricsTest {
  private static final Path REAL = Path.of("src/test/resources/serverside/openviking-0.5.2-metrics.txt");
  private static final String EMBED = "openviking_embedding_call_duration_seconds";
  private static final String VLM = "openviking_vlm_call_duration_seconds";

  private static PromText.Scrape scrape(StandInServer server) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return PromText.parse(r.body());
  }

  private static double value(PromText.Scrape s, String name, Map<String, String> match) {
    return s.samples().stream().filter(x -> x.name().equals(name))
        .filter(x -> match.entrySet().stream().allMatch(e -> e.getValue().equals(x.labels().get(e.getKey()))))
        .mapToDouble(PromText.Sample::value).sum();
  }

  private static Set<String> labelNames(PromText.Scrape s, String name) {
    Set<String> out = new TreeSet<>();
    s.samples().stream().filter(x -> x.name().equals(name)).forEach(x -> out.addAll(x.labels().keySet()));
    return out;
  }

  @Test
  void modelCallsAreCountedAsTheRealServerCountsThem() throws Exception {
    PromText.Scrape real = PromText.parse(Files.readString(REAL));
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.REALISTIC).withJitter(0))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "default");
      api.addResource("viking://resources/bench/m/doc.md", "# Doc\n\nload testing retrieval latency", true);
      PromText.Scrape before = scrape(server);
      for (int i = 0; i < 3; i++) {
        assertEquals(200, api.post("/api/v1/search/find", "{\"query\":\"latency\"}").status());
      }
      assertEquals(200, api.post("/api/v1/sessions/mm-1/messages", "{\"role\":\"user\",\"content\":\"latency please\"}").status());
      assertEquals(200, api.post("/api/v1/search/search", "{\"query\":\"latency\",\"session_id\":\"mm-1\"}").status());
      PromText.Scrape after = scrape(server);

      for (String family : List.of("openviking_embedding_calls_total", EMBED, "openviking_vlm_calls_total", VLM)) {
        assertEquals(real.types().get(family), after.types().get(family), family);
      }
      for (String sample : List.of("openviking_embedding_calls_total", EMBED + "_bucket", EMBED + "_count", VLM + "_bucket")) {
        assertEquals(labelNames(real, sample), labelNames(after, sample), sample);
      }
      Map<String, String> ok = Map.of("error_code", "OK", "model_name", "mock-embedding");
      // three finds' query embeddings, then the search's (its session's plan: two queries at once, one call each)
      double calls = value(after, "openviking_embedding_calls_total", ok) - value(before, "openviking_embedding_calls_total", ok);
      assertEquals(calls, value(after, EMBED + "_count", ok) - value(before, EMBED + "_count", ok));
      assertTrue(calls >= 4, "finds and the search embedded their queries: " + calls);
      // 15 ms each: above the 0.01 s bucket, inside the 0.05 s one
      assertEquals(0.0, value(after, EMBED + "_bucket", with(ok, "0.01")) - value(before, EMBED + "_bucket", with(ok, "0.01")));
      assertEquals(calls, value(after, EMBED + "_bucket", with(ok, "0.05")) - value(before, EMBED + "_bucket", with(ok, "0.05")));
      Map<String, String> vlm = Map.of("error_code", "OK", "model_name", "mock-chat");
      assertEquals(1.0, value(after, "openviking_vlm_calls_total", vlm) - value(before, "openviking_vlm_calls_total", vlm),
          "the search's intent analysis");
      assertEquals(1.0, value(after, VLM + "_bucket", with(vlm, "0.05")) - value(before, VLM + "_bucket", with(vlm, "0.05")));
    }
  }

  @Test
  void aFailingModelProviderIsAFailedCall() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelErrorRate(1.0))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "default");
      assertEquals(503, api.post("/api/v1/search/find", "{\"query\":\"latency\"}").status());
      PromText.Scrape s = scrape(server);
      assertEquals(1.0, value(s, "openviking_embedding_calls_total", Map.of("error_code", "500")));
      assertEquals(0.0, value(s, "openviking_embedding_calls_total", Map.of("error_code", "OK")));
    }
  }

  private static Map<String, String> with(Map<String, String> labels, String le) {
    Map<String, String> out = new HashMap<>(labels);
    out.put("le", le);
    return out;
  }
}
