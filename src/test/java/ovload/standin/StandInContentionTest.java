package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import ovload.standin.api.StandInApi;
import ovload.standin.store.EmbeddingBreaker;

/**
 * Contention the real OpenViking 0.5.2 server has: the embedding circuit breaker, rm as a
 * background task on the workers, and the one internal session every add with a reason writes to.
 */
class StandInContentionTest {
  private static final String FIND = "{\"query\":\"latency\",\"target_uri\":\"viking://resources\",\"limit\":3}";

  @Test
  void fiveModelFailuresOpenTheBreakerFindIs500UntilTheWindowPassesThenAProbeClosesIt() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withModelErrorRate(1.0).withBreakerResetMillis(4_000))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      for (int i = 0; i < EmbeddingBreaker.FAILURE_THRESHOLD; i++) {
        assertEquals("UNAVAILABLE", api.post("/api/v1/search/find", FIND).code(), "failure " + (i + 1) + " reaches the model");
      }
      server.hooks().modelErrorRate(0.0); // the provider recovers, the breaker does not know yet
      RawHttp.Reply refused = api.post("/api/v1/search/find", FIND);
      assertEquals(500, refused.status(), refused.raw().body());
      assertEquals("INTERNAL", refused.code());
      assertEquals("Internal server error", refused.body().path("error").path("message").asText());
      assertTrue(server.hooks().breakerOpen());
      // a resource's embedding is refused too: its task fails
      String task = api.addResource("viking://resources/b/doc", "# Doc\n\nlatency text\n", false).get("task_id").asText();
      api.post("/api/v1/system/wait", "{}");
      JsonNode record = api.get("/api/v1/tasks/" + task).result();
      assertEquals("failed", record.get("status").asText());
      assertTrue(record.get("error").asText().contains("Circuit breaker is OPEN"), record.toString());
      Thread.sleep(4_100); // the window is long enough for a busy machine to run the steps above inside it
      assertEquals(200, api.post("/api/v1/search/find", FIND).status(), "the probe after the window succeeds");
      assertFalse(server.hooks().breakerOpen());
    }
  }

  @Test
  void fewerFailuresThanTheThresholdNeverOpenIt() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withModelErrorRate(1.0).withBreakerResetMillis(60_000))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      for (int i = 0; i < EmbeddingBreaker.FAILURE_THRESHOLD - 1; i++) {
        assertEquals(503, api.post("/api/v1/search/find", FIND).status());
      }
      server.hooks().modelErrorRate(0.0);
      assertEquals(200, api.post("/api/v1/search/find", FIND).status());
      assertFalse(server.hooks().breakerOpen());
    }
  }

  @Test
  void rmRemovesAtOnceAndQueuesItsRefreshBehindTheResourceWork() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withDelays(300L, 0L, 0).withWorkers(1, 1))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      api.addResource("viking://resources/rm/gone", "# Gone\n\nsoon removed\n", true);
      api.addResource("viking://resources/rm/busy", "# Busy\n\nkeeps the only worker busy\n", false);
      RawHttp.Reply rm = api.delete("/api/v1/fs?uri=viking://resources/rm/gone&recursive=true");
      assertEquals(200, rm.status(), rm.raw().body());
      String task = rm.result().get("task_id").asText();
      assertEquals("queued", rm.result().get("semantic_status").asText());
      assertEquals("viking://resources/rm", rm.result().get("semantic_root_uri").asText());
      assertEquals(404, api.get("/api/v1/fs/ls?uri=viking://resources/rm/gone").status(), "removed before the answer");
      JsonNode queued = api.get("/api/v1/tasks/" + task).result();
      assertEquals("fs_rm", queued.get("task_type").asText());
      assertEquals("pending", queued.get("status").asText(), "waits behind the resource on the one worker");
      api.post("/api/v1/system/wait", "{}");
      assertEquals("completed", api.get("/api/v1/tasks/" + task).result().get("status").asText());
      RawHttp.Reply waited = api.delete("/api/v1/fs?uri=viking://resources/rm/busy&recursive=true&wait=true");
      assertFalse(waited.result().has("task_id"), waited.raw().body());
      assertTrue(waited.result().get("queue_status").has("Semantic"));
      assertEquals("completed", waited.result().get("semantic_status").asText());
    }
  }

  @Test
  void everyAddWithAReasonIsCommittedToOneInternalSession() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT))) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      JsonNode first = api.addResource("viking://resources/why/one", "# One\n\nfirst\n", true, "why one").get("memory_linking");
      JsonNode second = api.addResource("viking://resources/why/two", "# Two\n\nsecond\n", true, "why two").get("memory_linking");
      assertEquals(StandInApi.REASON_SESSION, first.get("session_id").asText());
      assertEquals("accepted", first.get("status").asText());
      assertEquals("viking://user/u/sessions/" + StandInApi.REASON_SESSION + "/history/archive_001", first.get("archive_uri").asText());
      assertEquals("viking://user/u/sessions/" + StandInApi.REASON_SESSION + "/history/archive_002", second.get("archive_uri").asText());
      api.post("/api/v1/system/wait", "{}");
      JsonNode commit = api.get("/api/v1/tasks/" + second.get("commit_task_id").asText()).result();
      assertEquals("session_commit", commit.get("task_type").asText());
      assertEquals("completed", commit.get("status").asText());
      assertFalse(api.get("/api/v1/sessions").result().toString().contains(StandInApi.REASON_SESSION),
          "the internal session is not a user's session");
      // without a reason nothing is linked
      String temp = api.upload("plain.md", "# Plain\n\nno reason\n").result().get("temp_file_id").asText();
      JsonNode plain = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp
          + "\",\"to\":\"viking://resources/why/plain\",\"wait\":true}").result();
      assertFalse(plain.has("memory_linking"), plain.toString());
    }
  }
}
