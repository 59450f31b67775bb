package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import ovload.support.Json;

/**
 * Answers OpenViking's own clients read that the benchmark does not, each as 0.5.2 gives it
 * (its source and the client corpus): hits' retrieval tags after set_tags, the keys of the
 * stand-in's own tasks' results, glob's directory-by-directory order, grep's context lines,
 * find's read_content and score_threshold, keyword search refused as the default backend refuses it,
 * search's mode=context (0.5.2's context assembler over the stand-in's hits).
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

  private static List<String> keys(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void theStandInsOwnTasksHoldTheResultKeysOf052() throws Exception {
    api.addResource(ROOT + "/tasks", "# Tasks\n\nA file to remove.\n", true);
    String rm = api.delete("/api/v1/fs?uri=" + q(ROOT + "/tasks/tasks")).result().get("task_id").asText();
    api.post("/api/v1/system/wait", "{}");
    JsonNode rmTask = api.get("/api/v1/tasks/" + rm).result();
    assertEquals(List.of("task_id", "task_type", "status", "created_at", "updated_at", "processing_seconds",
        "resource_id", "meta", "stage", "result", "error", "created_at_iso", "updated_at_iso"), keys(rmTask),
        "a task's keys in 0.5.2's order (ov's task table takes its columns from them)");
    assertEquals(List.of("message", "estimated_deleted_count", "memory_cleanup", "semantic_root_uri",
        "semantic_status", "task_id"), keys(rmTask.get("result")), rmTask.toString());
    assertEquals(rm, rmTask.get("result").get("task_id").asText());
    String skill = "---\\nname: cs-skill\\ndescription: A test skill.\\n---\\n\\nSay hello.\\n";
    String added = api.post("/api/v1/skills", "{\"data\":\"" + skill + "\",\"wait\":true}").result()
        .get("task_id").asText();
    JsonNode skillTask = api.get("/api/v1/tasks/" + added).result();
    assertEquals(true, skillTask.get("resource_id").isNull(), "0.5.2's add_skill task has no resource id");
    assertEquals(List.of("status", "name", "uri", "root_uri", "auxiliary_files", "task_id"),
        keys(skillTask.get("result")), skillTask.toString());
  }

  @Test
  void globListsDirectoryByDirectoryAsTheRealWalkDoes() throws Exception {
    String root = ROOT + "/walk";
    api.addResource(root + "/alpha", "# A\n\nOne.\n", true);
    api.addResource(root + "/alpha-b", "# B\n\nTwo.\n", true);
    api.addResource(root + "/beta", "# C\n\nThree.\n", true);
    JsonNode globbed = api.post("/api/v1/search/glob", "{\"pattern\":\"**\",\"uri\":\"" + root + "\"}").result();
    List<String> matches = new ArrayList<>();
    globbed.get("matches").forEach(m -> matches.add(m.asText()));
    // plain string order would put alpha-b/alpha-b first ('-' sorts before '/')
    assertEquals(List.of(root + "/alpha/alpha", root + "/alpha-b/alpha-b", root + "/beta/beta"), matches);
  }

  @Test
  void anExperienceIsTheUsersOwnFileUnderMemoriesExperiencesWithNoTrajectoriesHere() throws Exception {
    String base = "/api/v1/agent-evolution/experiences/";
    RawHttp.Reply resource = api.get(base + "outcomes?experience_uri=" + ROOT + "/alpha");
    assertEquals(400, resource.status(), resource.body().toString());
    assertEquals("experience_uri must identify an Experience owned by the current user",
        resource.body().path("error").path("message").asText());
    String mine = "viking://user/u/memories/experiences/e1.md";
    assertEquals(404, api.get(base + "trajectories?experience_uri=" + mine).status(), "not written yet");
    api.post("/api/v1/content/write", "{\"uri\":\"" + mine + "\",\"content\":\"# E1\",\"mode\":\"create\",\"wait\":true}");
    JsonNode trajectories = api.get(base + "trajectories?experience_uri=" + mine + "&limit=5&offset=2").result();
    assertEquals(List.of("experience_uri", "items", "total", "limit", "offset", "has_more"), keys(trajectories));
    assertEquals(5, trajectories.get("limit").asInt());
    assertEquals(2, trajectories.get("offset").asInt());
    JsonNode outcomes = api.get(base + "outcomes?experience_uri=" + mine).result();
    assertEquals("success", outcomes.get("outcome_distribution").get(0).get("outcome").asText());
    assertEquals(5, outcomes.get("outcome_distribution").size());
    assertEquals(400, api.get(base + "outcomes?experience_uri=" + mine + "&start_date=2026-02-01&end_date=2026-01-01")
        .status(), "start after end");
    assertEquals(400, api.get(base + "trajectories?experience_uri=" + mine + "&limit=1001").status());
    assertEquals(400, api.get(base + "outcomes?experience_uri=viking://user/u/memories/experiences").status(),
        "the folder itself is no Experience");
    assertEquals(400, api.get(base + "outcomes?experience_uri=viking://user/other/memories/experiences/e1.md").status(),
        "another user's");
  }

  @Test
  void globOfAMissingFolderIsNotFoundButASessionRootAnswers() throws Exception {
    RawHttp.Reply missing = api.post("/api/v1/search/glob", "{\"pattern\":\"*\",\"uri\":\"" + ROOT + "/nowhere\"}");
    assertEquals(404, missing.status(), missing.body().toString());
    assertEquals("NOT_FOUND", missing.code());
    assertEquals("Directory not found: " + ROOT + "/nowhere", missing.body().path("error").path("message").asText());
    assertEquals("directory", missing.body().path("error").path("details").path("type").asText());
    RawHttp.Reply sessions = api.post("/api/v1/search/glob", "{\"pattern\":\"*\",\"uri\":\"viking://user/u/sessions\"}");
    assertEquals(200, sessions.status(), sessions.body().toString());
    assertEquals(0, sessions.result().get("count").asInt());
  }

  @Test
  void grepGivesTheContextLinesAskedForAndLeavesTheKeysOutOtherwise() throws Exception {
    String root = ROOT + "/ctx";
    api.addResource(root + "/doc", "one\ntwo needle\nthree\nfour needle\n", true);
    String file = root + "/doc/doc";
    JsonNode plain = api.post("/api/v1/search/grep", "{\"uri\":\"" + file + "\",\"pattern\":\"needle\"}").result();
    assertEquals(List.of("uri", "line", "content"), keys(plain.get("matches").get(0)), plain.toString());
    JsonNode around = api.post("/api/v1/search/grep", "{\"uri\":\"" + file
        + "\",\"pattern\":\"needle\",\"before_context\":2,\"after_context\":1}").result();
    JsonNode first = around.get("matches").get(0);
    assertEquals("[{\"line\":1,\"content\":\"one\"}]", first.get("before_context").toString());
    assertEquals("[{\"line\":3,\"content\":\"three\"}]", first.get("after_context").toString());
    JsonNode last = around.get("matches").get(1);
    assertEquals(2, last.get("before_context").size(), last.toString());
    assertEquals("[]", last.get("after_context").toString(), "no empty line after the final newline, as splitlines");
  }

  @Test
  void findReadsEachHitsContentWhenAskedAndDropsHitsBelowTheThreshold() throws Exception {
    String root = ROOT + "/read";
    api.addResource(root + "/doc", "# Doc\n\nA note on retrieval budgets.\n", true);
    String ask = "{\"query\":\"retrieval budgets\",\"target_uri\":\"" + root + "\"";
    JsonNode plain = api.post("/api/v1/search/find", ask + "}").result().get("resources");
    assertEquals(false, plain.get(0).has("content"), "no content unless asked: " + plain);
    JsonNode read = api.post("/api/v1/search/find", ask + ",\"read_content\":true}").result().get("resources");
    for (JsonNode hit : read) {
      String uri = hit.get("uri").asText();
      String expected = uri.equals(root + "/doc/doc") ? "# Doc\n\nA note on retrieval budgets.\n"
          : hit.get("abstract").asText();
      assertEquals(expected, hit.get("content").asText(), uri);
    }
    double best = 0;
    for (JsonNode hit : plain) {
      double score = hit.get("score").asDouble();
      assertEquals(true, score > 0 && score < 1, "a similarity, as 0.5.2's: " + score);
      best = Math.max(best, score);
    }
    JsonNode above = api.post("/api/v1/search/find", ask + ",\"score_threshold\":" + best + "}").result();
    assertEquals(true, above.get("resources").size() >= 1, above.toString());
    for (JsonNode hit : above.get("resources")) {
      assertEquals(true, hit.get("score").asDouble() >= best, hit.toString());
    }
    JsonNode none = api.post("/api/v1/search/find", ask + ",\"score_threshold\":0.99}").result();
    assertEquals(0, none.get("resources").size(), none.toString());
    assertEquals(400, api.post("/api/v1/search/find", ask + ",\"score_threshold\":\"high\"}").status());
  }

  @Test
  void keywordSearchIsRefusedAsByTheDefaultVectorBackend() throws Exception {
    RawHttp.Reply keywords = api.post("/api/v1/search/search",
        "{\"query\":\"retrieval\",\"search_type\":\"keywords\"}");
    assertEquals(400, keywords.status(), keywords.raw().body());
    assertEquals("INVALID_ARGUMENT", keywords.code());
    assertEquals(200, api.post("/api/v1/search/search",
        "{\"query\":\"retrieval\",\"search_type\":\"semantic\"}").status());
  }

  @Test
  void contextModeAssemblesTheHitsIntoTieredEntriesWithinItsTokenBudget() throws Exception {
    String root = ROOT + "/assembly";
    api.addResource(root + "/doc", "# Doc\n\nA note on retrieval budgets.\n", true);
    String ask = "{\"query\":\"retrieval budgets\",\"mode\":\"context\"";
    JsonNode ctx = api.post("/api/v1/search/search", ask + "}").result();
    assertEquals(List.of("entries", "rendered", "digest", "stats"), keys(ctx), ctx.toString());
    Map<String, JsonNode> byUri = new LinkedHashMap<>();
    Map<String, Integer> tiers = new LinkedHashMap<>();
    double previous = 1;
    for (JsonNode e : ctx.get("entries")) {
      byUri.put(e.get("uri").asText(), e);
      tiers.merge(e.get("detail").asText(), 1, Integer::sum);
      assertEquals(true, e.get("score").asDouble() <= previous, "best first: " + ctx);
      previous = e.get("score").asDouble();
    }
    JsonNode file = byUri.get(root + "/doc/doc");
    assertEquals("abstract", file.get("detail").asText(), "a resource file at its abstract: " + file);
    assertEquals("Mock summary of doc: a document of the OpenViking load test, summarised by the mock model provider.",
        file.get("text").asText());
    JsonNode dir = byUri.get(root + "/doc");
    assertEquals("overview", dir.get("detail").asText(), "a directory's two summary hits: one entry, its overview");
    assertEquals("# doc\n\nMock overview of doc: the documents of this directory, summarised by the mock model provider.",
        dir.get("text").asText());
    JsonNode stats = ctx.get("stats");
    assertEquals(true, stats.get("deduped").asInt() >= 1, "the directory's second summary hit is the same text: " + stats);
    assertEquals(tiers.toString(), Json.MAPPER.convertValue(stats.get("tier_counts"), Map.class).toString());
    assertEquals(ctx.get("entries").size(), stats.get("returned").asInt());
    assertEquals(true, stats.get("used_tokens").asInt() <= 1600, stats.toString());
    assertEquals(true, ctx.get("rendered").asText().contains("<memory uri=\"" + root + "/doc/doc\" type=\"resources\" score=\""),
        ctx.get("rendered").asText());
    JsonNode tight = api.post("/api/v1/search/search", ask + ",\"max_tokens\":64}").result().get("stats");
    assertEquals(true, tight.get("used_tokens").asInt() <= 64 && tight.get("dropped").asInt() > 0, tight.toString());
    RawHttp.Reply listWithBudget = api.post("/api/v1/search/search", "{\"query\":\"retrieval\",\"max_tokens\":64}");
    assertEquals(400, listWithBudget.status(), "context-only fields are refused in list mode");
    assertEquals(true, listWithBudget.raw().body().contains("max_tokens require mode='context'"), listWithBudget.raw().body());
    assertEquals(400, api.post("/api/v1/search/search", ask + ",\"target_uri\":\"" + root + "\"}").status());
  }
}
