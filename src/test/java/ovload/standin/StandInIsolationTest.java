package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad input cannot break the stand-in's isolation (issue 12, finding 7). */
class StandInIsolationTest {
  private static StandInServer start() {
    return StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT));
  }

  private static RawHttp as(StandInServer server, String account, String user) {
    return new RawHttp(server.baseUrl(), "test-root-api-key", account, user);
  }

  @Test
  void accountAUserBSlashCIsNotAccountASlashBUserC() throws Exception {
    try (StandInServer server = start()) {
      RawHttp owner = as(server, "a/b", "c");
      RawHttp other = as(server, "a", "b/c");
      owner.addResource("viking://resources/secret", "# Secret\n\nowner only words\n", true);
      assertEquals(200, owner.get("/api/v1/fs/ls?uri=viking://resources/secret").status());
      assertEquals(404, other.get("/api/v1/fs/ls?uri=viking://resources/secret").status());
      assertEquals(0, other.post("/api/v1/search/grep", "{\"uri\":\"viking://\",\"pattern\":\"owner\"}").result().get("count").asInt());
      assertEquals(0, other.post("/api/v1/search/find", "{\"query\":\"owner words\",\"limit\":5}").result().get("total").asInt());
    }
  }

  @Test
  void grepAndGlobUnderADirectoryNeverReachASiblingThatSharesItsPrefix() throws Exception {
    try (StandInServer server = start()) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      api.addResource("viking://resources/proj", "# Proj\n\nshared word\n", true);
      api.addResource("viking://resources/proj-private", "# Private\n\nshared word\n", true);
      List<String> grep = new ArrayList<>();
      api.post("/api/v1/search/grep", "{\"uri\":\"viking://resources/proj\",\"pattern\":\"shared\"}").result()
          .get("matches").forEach(m -> grep.add(m.get("uri").asText()));
      assertEquals(List.of("viking://resources/proj/proj"), grep);
      List<String> glob = new ArrayList<>();
      api.post("/api/v1/search/glob", "{\"uri\":\"viking://resources/proj\",\"pattern\":\"**\"}").result()
          .get("matches").forEach(m -> glob.add(m.asText()));
      assertEquals(List.of("viking://resources/proj/proj"), glob);
      List<String> found = new ArrayList<>();
      api.post("/api/v1/search/find", "{\"query\":\"shared\",\"target_uri\":\"viking://resources/proj\"}")
          .result().get("resources").forEach(h -> found.add(h.get("uri").asText()));
      // the file and its folder's two summaries, nothing of the sibling
      assertEquals(List.of("viking://resources/proj/.abstract.md", "viking://resources/proj/.overview.md",
          "viking://resources/proj/proj"), found.stream().sorted().toList());
    }
  }

  @Test
  void sessionIdsAreCheckedAsTheRealServerChecksThem() throws Exception {
    try (StandInServer server = start()) {
      WireClient wire = new WireClient(server.port());
      java.util.Map<String, String> headers = java.util.Map.of("X-API-Key", "test-root-api-key",
          "X-OpenViking-Account", "acme", "X-OpenViking-User", "u", "Content-Type", "application/json");
      byte[] message = "{\"role\":\"user\",\"content\":\"x\"}".getBytes();
      for (String id : List.of("..", "%2E%2E")) {
        WireClient.Answer a = wire.send("POST", "/api/v1/sessions/" + id + "/messages", headers, message);
        assertEquals(403, a.status(), a.text());
        assertTrue(a.text().contains("\"PERMISSION_DENIED\""), a.text());
        assertEquals(403, wire.send("GET", "/api/v1/sessions/" + id, headers, null).status());
      }
      assertEquals(200, wire.send("POST", "/api/v1/sessions/ok-1/messages", headers, message).status());
      assertEquals(1, server.stats().pendingMessages(), "only the valid session holds a message");
    }
  }

  @Test
  void hugeLimitsAreClampedAndZeroIsRefused() throws Exception {
    try (StandInServer server = start()) {
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      api.addResource("viking://resources/lim", "# Lim\n\nlimit words\n", true);
      for (String limit : List.of("536870912", "2147483647", "9223372036854775807", "1e300")) {
        RawHttp.Reply find = api.post("/api/v1/search/find", "{\"query\":\"limit\",\"limit\":" + limit + "}");
        assertEquals(200, find.status(), limit + ": " + find.raw().body());
        assertEquals(200, api.post("/api/v1/search/search", "{\"query\":\"limit\",\"limit\":" + limit + "}").status());
        assertEquals(200, api.post("/api/v1/search/grep", "{\"uri\":\"viking://\",\"pattern\":\"l\",\"node_limit\":" + limit + "}").status());
      }
      assertEquals("INVALID_ARGUMENT", api.post("/api/v1/search/find", "{\"query\":\"limit\",\"limit\":0}").code());
      assertEquals("INVALID_ARGUMENT", api.post("/api/v1/search/find", "{\"query\":\"limit\",\"limit\":1.5}").code());
    }
  }

  @Test
  void unclaimedTempUploadsExpire() throws Exception {
    try (StandInServer server = start()) {
      server.hooks().expireUploadsAfter(3_000); // long enough for 21 uploads on a busy machine
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
      String old = api.upload("old.md", "# Old\n\nnever claimed\n").result().get("temp_file_id").asText();
      for (int i = 0; i < 20; i++) {
        api.upload("more" + i + ".md", "x");
      }
      assertEquals(21, server.hooks().unclaimedUploads());
      Thread.sleep(3_100);
      api.upload("fresh.md", "# Fresh\n\nnew\n"); // each upload sweeps the expired ones
      assertEquals(1, server.hooks().unclaimedUploads(), "only the fresh upload is kept");
      RawHttp.Reply claim = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + old + "\",\"to\":\"viking://resources/old\"}");
      assertEquals(403, claim.status(), "an expired upload is gone: " + claim.raw().body());
    }
  }
}
