package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every route of the API doc, by its wire format: shapes, statuses, codes, auth, bad input. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandInContractTest {
  private static final String ROOT = "viking://resources/contract";
  private StandInServer server;
  private RawHttp api;

  @BeforeAll
  void start() throws Exception {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withMaxBodyBytes(64 * 1024));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
    api.post("/api/v1/fs/mkdir", "{\"uri\":\"" + ROOT + "\"}");
    api.addResource(ROOT + "/alpha.md", "# Alpha\n\nThe benchmark document about retrieval latency.\n", true);
    api.addResource(ROOT + "/sub/beta.md", "# Beta\n\nSession commit memory extraction notes.\n", true);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static void assertError(RawHttp.Reply r, int status, String code) {
    assertEquals(status, r.status(), r.raw().body());
    assertEquals("error", r.body().get("status").asText());
    assertEquals(code, r.code(), r.raw().body());
    assertTrue(r.body().path("error").has("message"));
  }

  @Test
  void healthNeedsNoKeyAndIsNotEnveloped() throws Exception {
    RawHttp.Reply r = new RawHttp(server.baseUrl(), null, null).get("/health");
    assertEquals(200, r.status());
    assertEquals("ok", r.body().get("status").asText());
    assertTrue(r.body().get("healthy").asBoolean());
    assertEquals("trusted", r.body().get("auth_mode").asText());
    assertTrue(r.body().has("version"));
  }

  @Test
  void everyResponseCarriesProcessTimeAndRequestId() throws Exception {
    RawHttp.Reply r = api.send(api.builder("/api/v1/system/status").header("X-Request-ID", "req-1").GET());
    assertEquals("req-1", r.raw().headers().firstValue("X-Request-ID").orElseThrow());
    assertTrue(Double.parseDouble(r.raw().headers().firstValue("X-Process-Time").orElseThrow()) >= 0);
    assertTrue(api.get("/health").raw().headers().firstValue("X-Request-ID").isPresent());
  }

  @Test
  void wrongOrMissingKeyIsUnauthenticatedAndBearerWorks() throws Exception {
    assertError(new RawHttp(server.baseUrl(), "wrong", "acme").get("/api/v1/sessions"), 401, "UNAUTHENTICATED");
    assertError(new RawHttp(server.baseUrl(), null, "acme").get("/api/v1/sessions"), 401, "UNAUTHENTICATED");
    RawHttp.Reply bearer = api.send(new RawHttp(server.baseUrl(), null, "acme").builder("/api/v1/sessions")
        .header("Authorization", "Bearer test-root-api-key").GET());
    assertEquals(200, bearer.status());
  }

  @Test
  void identitiesSeeOnlyTheirOwnData() throws Exception {
    assertEquals(200, api.get("/api/v1/fs/ls?uri=" + ROOT).status());
    assertError(api.as("other").get("/api/v1/fs/ls?uri=" + ROOT), 404, "NOT_FOUND");
    assertEquals(0, api.as("other").post("/api/v1/search/find", "{\"query\":\"benchmark\",\"target_uri\":\"" + ROOT + "\",\"limit\":5}")
        .result().get("total").asInt());
  }

  @Test
  void filesystemRoutes() throws Exception {
    assertEquals(200, api.post("/api/v1/fs/mkdir", "{\"uri\":\"" + ROOT + "/made\"}").status());
    // OpenViking 0.5.2: an existing directory is 409 CONFLICT (not ALREADY_EXISTS)
    RawHttp.Reply again = api.post("/api/v1/fs/mkdir", "{\"uri\":\"" + ROOT + "/made\"}");
    assertError(again, 409, "CONFLICT");
    assertEquals(ROOT + "/made", again.body().path("error").path("details").path("resource").asText());
    JsonNode entries = api.get("/api/v1/fs/ls?uri=" + ROOT).result();
    List<String> names = new ArrayList<>();
    entries.forEach(e -> names.add(e.get("uri").asText()));
    assertTrue(names.containsAll(List.of(ROOT + "/alpha.md", ROOT + "/sub", ROOT + "/made")), names.toString());
    assertEquals("# Alpha\n\nThe benchmark document about retrieval latency.\n",
        api.get("/api/v1/content/read?uri=" + ROOT + "/alpha.md/alpha.md").result().asText());
    // OpenViking 0.5.2: removing a missing URI is 200, nothing removed; a directory without recursive 400
    RawHttp.Reply missing = api.delete("/api/v1/fs?uri=" + ROOT + "/nothing&recursive=true");
    assertEquals(200, missing.status(), missing.raw().body());
    assertEquals(0, missing.result().get("estimated_deleted_count").asInt());
    api.post("/api/v1/fs/mkdir", "{\"uri\":\"" + ROOT + "/made/inner\"}");
    assertError(api.delete("/api/v1/fs?uri=" + ROOT + "/made"), 400, "INVALID_ARGUMENT");
    assertEquals(200, api.delete("/api/v1/fs?uri=" + ROOT + "/made&recursive=true").status());
    assertError(api.get("/api/v1/fs/ls?uri=" + ROOT + "/made"), 404, "NOT_FOUND");
  }

  @Test
  void addResourceQueuesProcessingAndReportsTheTask() throws Exception {
    JsonNode added = api.addResource(ROOT + "/gamma.md", "# Gamma\n\nbenchmark gamma text\n", false);
    assertEquals("success", added.get("status").asText());
    assertEquals(ROOT + "/gamma.md", added.get("root_uri").asText());
    String taskId = added.get("task_id").asText();
    assertEquals(200, api.post("/api/v1/system/wait", "{\"timeout\":10}").status());
    JsonNode task = api.get("/api/v1/tasks/" + taskId).result();
    for (String field : List.of("task_id", "task_type", "status", "created_at", "updated_at", "created_at_iso",
        "updated_at_iso", "resource_id", "stage", "result", "error", "meta")) {
      assertTrue(task.has(field), "task record lacks " + field);
    }
    assertEquals("completed", task.get("status").asText());
    assertEquals("add_resource", task.get("task_type").asText());
    assertTrue(task.get("updated_at").asDouble() >= task.get("created_at").asDouble());
    assertTrue(api.get("/api/v1/tasks?task_type=add_resource&status=completed&limit=50").result().size() >= 3);
    assertEquals(1, api.get("/api/v1/tasks?resource_id=" + ROOT + "/gamma.md").result().size());
  }

  @Test
  void localPathsAreRefusedAndUploadsAreChecked() throws Exception {
    assertError(api.post("/api/v1/resources", "{\"path\":\"/etc/passwd\",\"to\":\"" + ROOT + "/x.md\"}"), 403, "PERMISSION_DENIED");
    // OpenViking 0.5.2: an unknown temp_file_id is 403 PERMISSION_DENIED
    assertError(api.post("/api/v1/resources", "{\"temp_file_id\":\"upload_none.md\",\"to\":\"" + ROOT + "/x.md\"}"), 403, "PERMISSION_DENIED");
    assertError(api.post("/api/v1/resources/temp_upload", "{}"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void retrievalRoutes() throws Exception {
    JsonNode find = api.post("/api/v1/search/find", "{\"query\":\"retrieval latency benchmark\",\"target_uri\":\"" + ROOT + "\",\"limit\":5}").result();
    assertTrue(find.has("memories") && find.has("skills") && find.has("total"));
    JsonNode hit = find.get("resources").get(0);
    assertEquals(ROOT + "/alpha.md/alpha.md", hit.get("uri").asText(), find.toString());
    for (String field : List.of("context_type", "uri", "level", "score", "abstract", "tags")) {
      assertTrue(hit.has(field), "hit lacks " + field);
    }
    api.post("/api/v1/sessions/s-search/messages", "{\"role\":\"user\",\"content\":\"memory extraction please\"}");
    JsonNode search = api.post("/api/v1/search/search", "{\"query\":\"notes\",\"target_uri\":\"" + ROOT
        + "\",\"session_id\":\"s-search\",\"limit\":5}").result();
    // a session with messages: the search plans its queries, as 0.5.2 with a planner does
    assertEquals(2, search.get("query_plan").get("queries").size(), search.toString());
    JsonNode firstFile = null;
    for (JsonNode h : search.get("resources")) {
      firstFile = firstFile == null && h.get("level").asInt() == 2 ? h : firstFile;
    }
    assertEquals(ROOT + "/sub/beta.md/beta.md", firstFile.get("uri").asText(), "the session's words weigh in");

    JsonNode grep = api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"bench.ark\",\"case_insensitive\":false,\"node_limit\":10}").result();
    assertTrue(grep.get("count").asInt() >= 1);
    JsonNode match = grep.get("matches").get(0);
    assertEquals(3, match.get("line").asInt());
    assertTrue(match.get("content").asText().contains("benchmark"));
    assertEquals(0, api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"BENCHMARK\",\"node_limit\":10}").result().get("count").asInt());
    assertTrue(api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"BENCHMARK\",\"case_insensitive\":true,\"node_limit\":10}").result().get("count").asInt() >= 1);
    assertError(api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"(unclosed\"}"), 400, "INVALID_ARGUMENT");
    assertEquals(1, api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\".\",\"node_limit\":1}").result().get("count").asInt());
    // the real ov 0.5.2 sends level_limit with every grep; the real server accepts it
    assertEquals(200, api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"bench\",\"node_limit\":10,\"level_limit\":10}").status());

    assertTrue(glob("**/*.md").containsAll(List.of(ROOT + "/alpha.md/alpha.md", ROOT + "/sub/beta.md/beta.md")));
    assertFalse(glob("*.md").contains(ROOT + "/sub/beta.md/beta.md"), "* stays within one directory");
    assertEquals(List.of(ROOT + "/sub/beta.md/beta.md"), glob("sub/b?ta.md/b?ta.md"));
  }

  private List<String> glob(String pattern) throws Exception {
    List<String> out = new ArrayList<>();
    api.post("/api/v1/search/glob", "{\"pattern\":\"" + pattern + "\",\"uri\":\"" + ROOT + "\",\"node_limit\":50}")
        .result().get("matches").forEach(m -> out.add(m.asText()));
    return out;
  }

  @Test
  void sessionRoutes() throws Exception {
    JsonNode added = api.post("/api/v1/sessions/s-1/messages", "{\"role\":\"user\",\"content\":\"hello there\"}").result();
    assertEquals("s-1", added.get("session_id").asText());
    assertEquals(1, added.get("message_count").asInt());
    assertEquals(2, added.get("pending_tokens").asInt());
    assertError(api.post("/api/v1/sessions/s-1/commit", "{\"keep_recent_count\":-1}"), 400, "INVALID_ARGUMENT");
    // what the official Python client (openviking-sdk 0.1.17) sends; the real 0.5.2 server accepts it
    JsonNode commit = api.post("/api/v1/sessions/s-1/commit", "{\"keep_recent_count\":0}").result();
    assertEquals("accepted", commit.get("status").asText());
    assertTrue(commit.get("archived").asBoolean());
    assertNotNull(commit.get("archive_uri").asText());
    String task = commit.get("task_id").asText();
    // the real 0.5.2 server ignores a field its commit model does not know (corpus: 092-commit-unknown-field)
    JsonNode again = api.post("/api/v1/sessions/s-1/commit", "{\"keep\":0}").result();
    assertEquals("skipped", again.get("status").asText());
    assertTrue(again.get("task_id").isNull());
    api.post("/api/v1/system/wait", "{\"timeout\":10}");
    JsonNode record = api.get("/api/v1/tasks/" + task).result();
    assertEquals("session_commit", record.get("task_type").asText());
    assertEquals("s-1", record.get("resource_id").asText());
    JsonNode sessions = api.get("/api/v1/sessions").result();
    assertTrue(sessions.toString().contains("\"session_id\":\"s-1\""));
    for (String field : List.of("session_id", "uri", "is_dir", "mod_time")) {
      assertTrue(sessions.get(0).has(field));
    }
    assertEquals("s-1", api.delete("/api/v1/sessions/s-1").result().get("session_id").asText());
    assertError(api.delete("/api/v1/sessions/s-1"), 404, "NOT_FOUND");
    assertError(api.post("/api/v1/sessions/nope/commit", "{}"), 404, "NOT_FOUND");
    // OpenViking 0.5.2 stores any role
    assertEquals(200, api.post("/api/v1/sessions/s-2/messages", "{\"role\":\"robot\",\"content\":\"x\"}").status());
    assertError(api.post("/api/v1/sessions/s-2/messages", "{\"role\":\"user\"}"), 400, "INVALID_ARGUMENT");
  }

  @Test
  void unknownTaskIsNotFound() throws Exception {
    assertError(api.get("/api/v1/tasks/no-such-task"), 404, "NOT_FOUND");
  }

  @Test
  void observersAndSystemRoutes() throws Exception {
    JsonNode queue = api.get("/api/v1/observer/queue").result();
    assertEquals("queue", queue.get("name").asText());
    assertTrue(queue.has("is_healthy") && queue.has("has_errors"));
    assertTrue(queue.get("status").asText().contains("| Pending |"), queue.get("status").asText());
    for (String name : List.of("vikingdb", "models", "lock", "retrieval", "filesystem")) {
      assertEquals(name, api.get("/api/v1/observer/" + name).result().get("name").asText());
    }
    JsonNode system = api.get("/api/v1/observer/system").result();
    assertTrue(system.has("is_healthy") && system.has("errors") && system.has("components"));
    assertError(api.get("/api/v1/observer/nothing"), 404, "NOT_FOUND");
    JsonNode status = api.get("/api/v1/system/status").result();
    assertTrue(status.get("initialized").asBoolean());
    assertEquals("u", status.get("user").asText());
  }

  @Test
  void badInputGetsItsEnvelope() throws Exception {
    assertError(api.post("/api/v1/search/find", "{not json"), 400, "INVALID_ARGUMENT");
    assertError(api.post("/api/v1/search/find", "{\"query\":\"x\",\"surprise\":1}"), 400, "INVALID_ARGUMENT");
    assertError(api.post("/api/v1/search/find", "{\"target_uri\":\"" + ROOT + "\"}"), 400, "INVALID_ARGUMENT");
    assertError(api.post("/api/v1/search/find", "[1,2]"), 400, "INVALID_ARGUMENT");
    assertError(api.post("/api/v1/fs/mkdir", "{\"uri\":\"viking://resources/../etc\"}"), 403, "PERMISSION_DENIED");
    assertError(api.post("/api/v1/fs/mkdir", "{\"uri\":\"file:///etc\"}"), 400, "INVALID_URI");
    assertError(api.get("/api/v1/fs/ls"), 400, "INVALID_ARGUMENT");
    assertError(api.post("/api/v1/search/find", "{\"query\":\"" + "x".repeat(70 * 1024) + "\"}"), 413, "PAYLOAD_TOO_LARGE");
    assertError(api.get("/api/v1/nowhere"), 404, "NOT_FOUND");
    assertError(api.send(api.builder("/api/v1/search/find").PUT(HttpRequest.BodyPublishers.ofString("{}"))), 405, "UNKNOWN");
    assertEquals(200, api.get("/health").status(), "still serving after all that");
  }

  @Test
  void trustedModeNeedsIdentityHeadersAndDevModeDoesNot() throws Exception {
    assertError(new RawHttp(server.baseUrl(), "test-root-api-key", null).get("/api/v1/sessions"), 400, "INVALID_ARGUMENT");
    try (StandInServer dev = StandInServer.start(StandInConfig.defaults().withPort(0).withAuthMode("dev"))) {
      RawHttp.Reply r = new RawHttp(dev.baseUrl(), null, null).get("/api/v1/sessions");
      assertEquals(200, r.status());
      assertEquals("dev", new RawHttp(dev.baseUrl(), null, null).get("/health").body().get("auth_mode").asText());
    }
  }

  // ---- behaviour of the real OpenViking 0.5.2 server (docs/real-server.md) ----

  @Test
  void addResourceRejectsATimeoutFieldButAcceptsEmptyArgs() throws Exception {
    String temp = api.upload("t.md", "# T\n\ntimeout text\n").result().get("temp_file_id").asText();
    RawHttp.Reply timeout = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + ROOT
        + "/t\",\"wait\":false,\"timeout\":null,\"strict\":false,\"source_name\":\"t.md\"}");
    assertError(timeout, 400, "INVALID_ARGUMENT");
    assertTrue(timeout.body().path("error").path("message").asText().contains("body.timeout: Extra inputs are not permitted"),
        timeout.raw().body());
    RawHttp.Reply args = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + ROOT
        + "/t\",\"wait\":true,\"strict\":false,\"source_name\":\"t.md\",\"args\":{}}");
    assertEquals(200, args.status(), args.raw().body());
  }

  @Test
  void toIsTheResourceDirectoryAndAReAddReplacesIt() throws Exception {
    JsonNode first = api.addResource(ROOT + "/dirres", "# One\n\nfirst version\n", true);
    assertEquals(ROOT + "/dirres", first.get("root_uri").asText());
    assertEquals(List.of(ROOT + "/dirres/dirres"), names(ROOT + "/dirres"));
    String temp = api.upload("other.md", "# Other\n\nsecond version\n").result().get("temp_file_id").asText();
    assertEquals(200, api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + ROOT
        + "/dirres\",\"wait\":true,\"source_name\":\"other.md\"}").status());
    assertEquals(List.of(ROOT + "/dirres/other.md"), names(ROOT + "/dirres"), "the old file is replaced");
  }

  private List<String> names(String dir) throws Exception {
    List<String> out = new ArrayList<>();
    api.get("/api/v1/fs/ls?uri=" + dir).result().forEach(e -> out.add(e.get("uri").asText()));
    return out;
  }

  @Test
  void waitTrueAnswersWithoutATaskIdAndWaitFalseWithOne() throws Exception {
    JsonNode waited = api.addResource(ROOT + "/waited.md", "# W\n\nwaited\n", true);
    assertFalse(waited.has("task_id"), waited.toString());
    assertEquals(ROOT + "/waited.md", waited.get("root_uri").asText());
    JsonNode queued = api.addResource(ROOT + "/queued.md", "# Q\n\nqueued\n", false);
    assertTrue(queued.get("task_id").isTextual(), queued.toString());
  }

  @Test
  void systemWaitIgnoresTimeoutAndExtraFieldsAndAnswersPerQueueCounts() throws Exception {
    RawHttp.Reply r = api.post("/api/v1/system/wait", "{\"timeout\":0.001,\"anything\":1}");
    assertEquals(200, r.status(), r.raw().body());
    assertTrue(r.result().isObject());
    r.result().fields().forEachRemaining(e -> assertTrue(e.getValue().has("processed"), e.toString()));
  }

  @Test
  void trustedModeWithoutAccountOrUserIsInvalidArgument() throws Exception {
    RawHttp.Reply noIdentity = new RawHttp(server.baseUrl(), "test-root-api-key", null).get("/api/v1/sessions");
    assertError(noIdentity, 400, "INVALID_ARGUMENT");
  }

  @Test
  void aFailingModelMakesFindAndSearch503AndTheirTasksFail() throws Exception {
    try (StandInServer failing = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withModelErrorRate(1.0))) {
      RawHttp raw = new RawHttp(failing.baseUrl(), "test-root-api-key", "acme");
      RawHttp.Reply find = raw.post("/api/v1/search/find", "{\"query\":\"x\",\"target_uri\":\"viking://resources\",\"limit\":3}");
      assertError(find, 503, "UNAVAILABLE");
      assertTrue(find.body().path("error").path("message").asText().startsWith("Upstream model service unavailable (HTTP 500)"));
      assertError(raw.post("/api/v1/search/search", "{\"query\":\"x\",\"limit\":3}"), 503, "UNAVAILABLE");
      String task = raw.addResource("viking://resources/m/doc.md", "# Doc\n\nsome text\n", false).get("task_id").asText();
      raw.post("/api/v1/system/wait", "{}");
      JsonNode record = raw.get("/api/v1/tasks/" + task).result();
      assertEquals("failed", record.get("status").asText());
      assertTrue(record.get("error").asText().contains("Failed to generate embedding"), record.toString());
    }
  }
}
