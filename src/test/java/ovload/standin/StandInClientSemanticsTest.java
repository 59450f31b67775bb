package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Answers OpenViking's own clients read that the benchmark does not, each as 0.5.2 gives it
 * (its source and the client corpus): hits' retrieval tags after set_tags.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandInClientSemanticsTest {
  private static final String ROOT = "viking://resources/cs";
  private StandInServer server;
  private RawHttp api;

  @BeforeAll
  void start() throws Exception {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT).withJitter(0));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
    api.addResource(ROOT + "/alpha", "# Alpha\n\nThe benchmark document about retrieval latency.\n", true);
    api.addResource(ROOT + "/beta", "# Beta\n\nAnother note on retrieval.\n", true);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String q(String uri) {
    return URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  /** Each hit's URI and its tags. */
  private Map<String, List<String>> tagsOfHits(String route) throws Exception {
    JsonNode found = api.post("/api/v1/search/" + route, "{\"query\":\"retrieval\",\"target_uri\":\"" + ROOT
        + "\",\"limit\":20}").result();
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (JsonNode hit : found.get("resources")) {
      List<String> tags = new java.util.ArrayList<>();
      hit.get("tags").forEach(t -> tags.add(t.asText()));
      out.put(hit.get("uri").asText(), tags);
    }
    return out;
  }

  @Test
  void hitsCarryTheTagsSetOnTheirNodeAndTheTagsFollowAMoveAndGoWithAnRm() throws Exception {
    String file = ROOT + "/alpha/alpha";
    assertEquals(List.of(), tagsOfHits("find").get(file), "no tags before set_tags");
    api.post("/api/v1/fs/attrs/set_tags", "{\"uri\":\"" + file + "\",\"tags\":[\"Team=Search\"]}");
    api.post("/api/v1/fs/attrs/set_tags", "{\"uri\":\"" + ROOT + "/beta\",\"tags\":[\"env=test\"],\"mode\":\"append\"}");
    for (String route : List.of("find", "search")) {
      Map<String, List<String>> hits = tagsOfHits(route);
      assertEquals(List.of("team=search"), hits.get(file), route + ": normalized as 0.5.2: " + hits);
      assertEquals(List.of("env=test"), hits.get(ROOT + "/beta/.abstract.md"), "a folder's summaries: its tags");
      assertEquals(List.of(), hits.get(ROOT + "/beta/beta"), "only the node that was tagged");
    }
    api.delete("/api/v1/fs?uri=" + q(ROOT + "/alpha") + "&recursive=true&wait=true");
    api.addResource(ROOT + "/alpha", "# Alpha\n\nThe benchmark document about retrieval latency.\n", true);
    assertEquals(List.of(), tagsOfHits("find").get(file), "an rm drops the tags: the same URI added again has none");
    api.post("/api/v1/fs/attrs/set_tags", "{\"uri\":\"" + file + "\",\"tags\":[\"team=search\"]}");
    api.post("/api/v1/fs/mv", "{\"from_uri\":\"" + ROOT + "/alpha\",\"to_uri\":\"" + ROOT + "/gamma\"}");
    api.post("/api/v1/system/wait", "{}");
    assertEquals(List.of("team=search"), tagsOfHits("find").get(ROOT + "/gamma/alpha"), "tags follow a move");
  }
}
