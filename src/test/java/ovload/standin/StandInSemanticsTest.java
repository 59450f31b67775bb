package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The answers of issue 25 that change what a load test measures, each as a real OpenViking 0.5.2
 * gives it (checked on the real server with the mock model): rm of a path still being processed,
 * health with the suite's headers, folder-level hits, the search's query plan, task stages, the
 * commit with nothing pending, grep's files_scanned, a waited add's telemetry.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandInSemanticsTest {
  private static final String ROOT = "viking://resources/sem";
  private StandInServer server;
  private RawHttp api;

  @BeforeAll
  void start() throws Exception {
    // instant, but a chunk takes 20 ms to embed: a 40-chunk resource stays busy for about a second
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withEmbedDelayMs(20L).withJitter(0));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
    api.addResource(ROOT + "/alpha", "# Alpha\n\nThe benchmark document about retrieval latency.\n", true);
    api.addResource(ROOT + "/beta", "# Beta\n\nSession commit memory extraction notes.\n", true);
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private static String q(String uri) {
    return URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  private static String busyDocument() {
    StringBuilder doc = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      doc.append("## Part ").append(i).append("\n\n").append("Busy text about queues and latency. ".repeat(14))
          .append("\n\n");
    }
    return doc.toString();
  }

  @Test
  void rmOfAResourceStillBeingProcessedIsPathBusyAndNothingIsRemoved() throws Exception {
    String task = api.addResource(ROOT + "/busy", busyDocument(), false).get("task_id").asText();
    // as 0.5.2 while it processes (the client corpus caught it so): the resource is listed empty, find
    // finds nothing in it, and an rm of its file, not there yet, removes nothing (200, as any missing URI)
    assertEquals(0, api.get("/api/v1/fs/ls?uri=" + q(ROOT + "/busy")).result().size());
    assertEquals(0, api.post("/api/v1/search/find", "{\"query\":\"busy\",\"target_uri\":\"" + ROOT + "/busy\"}")
        .result().get("resources").size());
    assertEquals(200, api.delete("/api/v1/fs?uri=" + q(ROOT + "/busy/busy")).status());
    for (String uri : new String[] {ROOT + "/busy", ROOT}) {
      RawHttp.Reply r = api.delete("/api/v1/fs?uri=" + q(uri) + "&recursive=true");
      assertEquals(409, r.status(), r.raw().body());
      assertEquals("CONFLICT", r.code());
      JsonNode details = r.body().get("error").get("details");
      assertEquals("Resource is being processed: " + uri, r.body().get("error").get("message").asText());
      assertEquals(java.util.List.of("resource", "uri", "conflict_type", "retryable"),
          java.util.List.copyOf(iterable(details.fieldNames())));
      assertEquals("path_busy", details.get("conflict_type").asText());
      assertTrue(details.get("retryable").asBoolean());
      assertEquals(uri, details.get("uri").asText());
    }
    // 0.5.2 tracks each refused rm as an fs_rm task that failed at once (task lists show them)
    java.util.List<String> errors = api.get("/api/v1/tasks?task_type=fs_rm&status=failed").result()
        .findValuesAsText("error");
    for (String uri : new String[] {ROOT + "/busy", ROOT}) {
      assertTrue(errors.contains("Resource is being processed: " + uri), errors.toString());
    }
    api.post("/api/v1/system/wait", "{}");
    assertEquals("completed", api.get("/api/v1/tasks/" + task).result().get("status").asText());
    // nothing was removed: the resource is there and findable, and now it can go
    assertEquals(200, api.get("/api/v1/content/read?uri=" + q(ROOT + "/busy/busy")).status());
    assertEquals(200, api.delete("/api/v1/fs?uri=" + q(ROOT + "/busy") + "&recursive=true").status());
  }

  private static Set<String> iterable(java.util.Iterator<String> names) {
    Set<String> out = new java.util.LinkedHashSet<>();
    names.forEachRemaining(out::add);
    return out;
  }

  @Test
  void healthWithTheSuitesHeadersNamesTheIdentityAndRefusesAWrongKey() throws Exception {
    JsonNode health = api.get("/health").body();
    assertEquals("acme", health.get("account_id").asText(), health.toString());
    assertEquals("u", health.get("user_id").asText());
    assertEquals("user", health.get("role").asText());
    RawHttp.Reply wrong = new RawHttp(server.baseUrl(), "wrong", "acme").get("/health");
    assertEquals(401, wrong.status());
    assertEquals("UNAUTHENTICATED", wrong.code());
    RawHttp.Reply noKey = new RawHttp(server.baseUrl(), null, "acme").get("/health");
    assertEquals(401, noKey.status(), "identity headers without a key are refused, as 0.5.2");
    JsonNode anonymous = new RawHttp(server.baseUrl(), null, null).get("/health").body();
    assertEquals(200, new RawHttp(server.baseUrl(), null, null).get("/health").status());
    assertFalse(anonymous.has("account_id"), "no headers, no identity: " + anonymous);
    JsonNode keyOnly = new RawHttp(server.baseUrl(), "test-root-api-key", null).get("/health").body();
    assertFalse(keyOnly.has("account_id"), "a key without identity headers: no identity, no error");
  }

  @Test
  void findAndSearchListFolderLevelEntriesAndFileAbstracts() throws Exception {
    JsonNode find = api.post("/api/v1/search/find", "{\"query\":\"retrieval latency\",\"target_uri\":\"" + ROOT
        + "\",\"limit\":10}").result();
    Set<Integer> levels = new HashSet<>();
    for (JsonNode hit : find.get("resources")) {
      levels.add(hit.get("level").asInt());
      String uri = hit.get("uri").asText();
      int level = hit.get("level").asInt();
      assertEquals(uri.endsWith("/.abstract.md") ? 0 : uri.endsWith("/.overview.md") ? 1 : 2, level, uri);
      assertFalse(hit.get("abstract").asText().isBlank(), "every hit has an abstract: " + hit);
    }
    assertEquals(Set.of(0, 1, 2), levels, find.toString());
    assertTrue(find.toString().contains(ROOT + "/alpha/.abstract.md"), find.toString());
    JsonNode file = null;
    for (JsonNode hit : find.get("resources")) {
      file = hit.get("uri").asText().equals(ROOT + "/alpha/alpha") ? hit : file;
    }
    assertEquals("Mock summary of alpha: a document of the OpenViking load test, summarised by the mock model provider.",
        file.get("abstract").asText(), "the model's summary, in the words the suite's mock model gives 0.5.2");
  }

  @Test
  void aSearchWithASessionThatHasMessagesCarriesItsQueryPlan() throws Exception {
    api.post("/api/v1/sessions/plan-s/messages", "{\"role\":\"user\",\"content\":\"how fast is retrieval?\"}");
    JsonNode planned = api.post("/api/v1/search/search", "{\"query\":\"retrieval\",\"session_id\":\"plan-s\","
        + "\"target_uri\":\"" + ROOT + "\",\"limit\":5}").result();
    JsonNode plan = planned.get("query_plan");
    assertEquals("", plan.get("reasoning").asText(), planned.toString());
    assertEquals("resource", plan.get("queries").get(0).get("context_type").asText());
    assertEquals("memory", plan.get("queries").get(1).get("context_type").asText());
    assertEquals("retrieval", plan.get("queries").get(0).get("query").asText());
    assertEquals(1, plan.get("queries").get(0).get("priority").asInt());
    api.post("/api/v1/sessions", "{\"session_id\":\"plan-empty\"}");
    assertFalse(api.post("/api/v1/search/search", "{\"query\":\"retrieval\",\"session_id\":\"plan-empty\",\"limit\":5}")
        .result().has("query_plan"), "no messages, nothing to plan from");
    assertFalse(api.post("/api/v1/search/search", "{\"query\":\"retrieval\",\"limit\":5}").result().has("query_plan"));
  }

  @Test
  void taskStagesAreTheRealOnes() throws Exception {
    JsonNode added = api.addResource(ROOT + "/staged", busyDocument(), false);
    // a task queued behind a busy worker pool: stage queued, no processing time yet
    StandInServer one = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withEmbedDelayMs(20L).withJitter(0).withResourceWorkers(1));
    try (one) {
      RawHttp solo = new RawHttp(one.baseUrl(), "test-root-api-key", "acme");
      solo.addResource(ROOT + "/first", busyDocument(), false);
      String queued = solo.addResource(ROOT + "/second", "# Second\n\ntext\n", false).get("task_id").asText();
      JsonNode pending = solo.get("/api/v1/tasks/" + queued).result();
      assertEquals("pending", pending.get("status").asText(), pending.toString());
      assertEquals("queued", pending.get("stage").asText());
      assertTrue(pending.get("processing_seconds").isNull(), pending.toString());
    }
    api.post("/api/v1/system/wait", "{}");
    JsonNode done = api.get("/api/v1/tasks/" + added.get("task_id").asText()).result();
    assertEquals("completed", done.get("stage").asText(), done.toString());
    assertTrue(done.get("processing_seconds").asDouble() > 0);
  }

  @Test
  void aCommitWithNothingPendingSaysNoMessages() throws Exception {
    api.post("/api/v1/sessions", "{\"session_id\":\"empty-c\"}");
    JsonNode skipped = api.post("/api/v1/sessions/empty-c/commit", "{}").result();
    assertEquals("skipped", skipped.get("status").asText());
    assertEquals("no_messages", skipped.get("reason").asText());
  }

  @Test
  void grepCountsTheFilesWithAMatch() throws Exception {
    JsonNode one = api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"benchmark\"}").result();
    assertEquals(1, one.get("files_scanned").asInt(), one.toString());
    JsonNode none = api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"zzqqxx\"}").result();
    assertEquals(0, none.get("files_scanned").asInt(), none.toString());
  }

  @Test
  void aWaitedAddCarriesTheJobsTelemetry() throws Exception {
    JsonNode result = api.addResource(ROOT + "/timed", "# Timed\n\nOne paragraph.\n", true);
    JsonNode summary = result.get("telemetry").get("summary");
    assertTrue(result.get("telemetry").get("id").asText().startsWith("tm_"), result.toString());
    assertEquals("add_resource_job", summary.get("operation").asText());
    assertEquals("ok", summary.get("status").asText());
    assertTrue(summary.get("duration_ms").asDouble() > 0);
    assertEquals(result.get("usage").get("tokens"), summary.get("tokens"), "the job's tokens are its usage");
    assertTrue(summary.get("tokens").get("stages").has("semantic_execute"));
    assertTrue(summary.get("resource").get("semantic").get("execute").has("duration_ms"));
    assertEquals(1, summary.get("queue").get("embedding").get("processed").asInt(), "one chunk embedded");
    assertEquals(2, summary.get("semantic_nodes").get("done").asInt(), "the resource's folder and the one above");
    // key order as the real server's result: telemetry before usage
    assertEquals(java.util.List.of("status", "errors", "source_path", "meta", "root_uri", "temp_uri", "queue_status",
        "context_count", "telemetry", "usage"), java.util.List.copyOf(iterable(result.fieldNames())));
  }
}
