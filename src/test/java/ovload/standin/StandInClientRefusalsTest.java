package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls of OpenViking's own clients that 0.5.2 refuses the suite's identity or its clients' requests
 * (ACLs, reindex, snapshot administration, backups, content batch-write, Compile's and OpenViking
 * Assets' request checks and the preflight's network guard),
 * answered with the same refusal (the client corpus holds the real answers), and the retrieval
 * observer's text, which reads differently before the first query.
 */
class StandInClientRefusalsTest {
  private static final String ROOT = "viking://resources/cr";
  private StandInServer server;
  private RawHttp api;

  @BeforeEach
  void start() throws Exception {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT).withJitter(0));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String retrievalObserver() throws Exception {
    return api.get("/api/v1/observer/retrieval").result().get("status").asText();
  }

  @Test
  void theRetrievalObserverSaysNoQueryBeforeTheFirstAndCountsThemAfter() throws Exception {
    assertEquals("No retrieval queries recorded.", retrievalObserver());
    api.addResource(ROOT + "/alpha", "# Alpha\n\nNotes on retrieval latency.\n", true);
    assertEquals("No retrieval queries recorded.", retrievalObserver(), "an add is no query");
    api.post("/api/v1/search/find", "{\"query\":\"retrieval\",\"context_type\":\"resource\"}");
    String table = retrievalObserver();
    assertTrue(table.startsWith("+"), table);
    assertTrue(table.matches("(?s).*\\|\\s+Total Queries\\s+\\|\\s+1\\s+\\|.*"), table);
    assertTrue(table.contains("|   resource   |    1    |"), "one query of the type asked for: " + table);
    assertEquals(table, api.get("/api/v1/observer/system").result().get("components").get("retrieval")
        .get("status").asText(), "the system observer shows the same text");
  }

  @Test
  void aclRoutesAreRefusedAsManagePermissionRequiredAfterTheirRequestChecks() throws Exception {
    String uri = URLEncoder.encode(ROOT, StandardCharsets.UTF_8);
    for (RawHttp.Reply refused : new RawHttp.Reply[] {api.get("/api/v1/acl?uri=" + uri),
        api.post("/api/v1/acl/grant", "{\"uri\":\"" + ROOT + "\",\"principal\":\"user:bob\",\"level\":\"read\"}"),
        api.post("/api/v1/acl/revoke", "{\"uri\":\"" + ROOT + "\",\"principal\":\"user:bob\"}")}) {
      assertEquals(403, refused.status(), refused.raw().body());
      assertEquals("PERMISSION_DENIED", refused.code());
      assertEquals("ACL management denied for " + ROOT + ": manage permission required",
          refused.body().get("error").get("message").asText());
      assertEquals(ROOT, refused.body().get("error").get("details").get("resource").asText());
    }
    RawHttp.Reply badLevel = api.post("/api/v1/acl/grant",
        "{\"uri\":\"" + ROOT + "\",\"principal\":\"user:bob\",\"level\":\"owner\"}");
    assertEquals(400, badLevel.status(), "the request model is checked first");
    assertEquals(400, api.post("/api/v1/acl/revoke", "{\"uri\":\"x\",\"principal\":\"user:bob\"}").status(),
        "a bad URI is INVALID_URI before the permission");
  }

  @Test
  void reindexIsRefusedOutsideTheUsersOwnNamespaceOnly() throws Exception {
    RawHttp.Reply outside = api.post("/api/v1/content/reindex", "{\"uri\":\"" + ROOT + "\"}");
    assertEquals(403, outside.status(), outside.raw().body());
    assertEquals("USER can only reindex their own user namespace.", outside.body().get("error").get("message").asText());
    RawHttp.Reply own = api.post("/api/v1/content/reindex", "{\"uri\":\"viking://user/u/memories\"}");
    assertEquals(501, own.status(), "0.5.2 would run this one; the stand-in says it does not: " + own.raw().body());
  }

  @Test
  void batchWriteRefusesTheClientsOpFieldAsAnExtraInput() throws Exception {
    String file = ROOT + "/alpha/alpha.md";
    RawHttp.Reply clients = api.post("/api/v1/content/batch-write", "{\"root_uri\":\"" + ROOT
        + "\",\"operations\":[{\"op\":\"write\",\"uri\":\"" + file + "\",\"content\":\"x\"}],\"wait\":true}");
    assertEquals(400, clients.status());
    assertEquals("Invalid request parameters: body.operations.0.op: Extra inputs are not permitted",
        clients.body().get("error").get("message").asText());
    RawHttp.Reply both = api.post("/api/v1/content/batch-write", "{\"root_uri\":\"" + ROOT
        + "\",\"operations\":[{\"uri\":\"" + file + "\"}]}");
    assertEquals(400, both.status(), "exactly one of content or content_base64");
    RawHttp.Reply valid = api.post("/api/v1/content/batch-write", "{\"root_uri\":\"" + ROOT
        + "\",\"operations\":[{\"uri\":\"" + file + "\",\"content\":\"x\"}]}");
    assertEquals(501, valid.status(), valid.raw().body());
  }

  @Test
  void snapshotAdministrationAndBackupsAreRefusedToAUserAndNotPretendedForRoot() throws Exception {
    RawHttp.Reply ignore = api.get("/api/v1/snapshot/ignore");
    assertEquals(403, ignore.status(), ignore.raw().body());
    assertEquals("Managing snapshot ignore rules requires an administrator",
        ignore.body().get("error").get("message").asText());
    assertEquals(".ovgitignore", ignore.body().get("error").get("details").get("resource").asText());
    RawHttp.Reply log = api.get("/api/v1/snapshot/log?branch=main&limit=20");
    assertEquals("Snapshot log requires explicit paths", log.body().get("error").get("message").asText());
    assertEquals(403, api.post("/api/v1/pack/backup", "{\"include_vectors\":false}").status());
    try (StandInServer dev = StandInServer.start(StandInConfig.defaults().withPort(0).withAuthMode("dev")
        .withModelMode(ModelMode.INSTANT))) {
      RawHttp root = new RawHttp(dev.baseUrl(), "test-root-api-key", "acme");
      assertEquals(501, root.get("/api/v1/snapshot/ignore").status(), "0.5.2 lets root through; the stand-in says it does not emulate it");
      assertEquals(501, root.post("/api/v1/pack/backup", "{}").status());
    }
  }

  private static String message(RawHttp.Reply reply) {
    return reply.body().at("/error/message").asText();
  }

  @Test
  void compileIsCheckedAsCompileRequestAndWhatPassesIsNotEmulated() throws Exception {
    RawHttp.Reply memoryWithFrom = api.post("/api/v1/compile", "{\"from\":[\"" + ROOT + "/a\"],\"to\":\"" + ROOT
        + "/wiki\",\"skill\":\"memory\"}");
    assertEquals(400, memoryWithFrom.status());
    assertEquals("Invalid request parameters: body: Value error, --skill memory consolidates --to in place and takes "
        + "no --from", message(memoryWithFrom));
    assertEquals("Invalid request parameters: body: Value error, from must contain at least one directory",
        message(api.post("/api/v1/compile", "{\"to\":\"" + ROOT + "/wiki\",\"skill\":\"wiki\"}")));
    assertEquals("Invalid request parameters: body.extra: Extra inputs are not permitted",
        message(api.post("/api/v1/compile", "{\"to\":\"x\",\"skill\":\"memory\",\"extra\":1}")));
    RawHttp.Reply passes = api.post("/api/v1/compile", "{\"to\":\"" + ROOT + "/wiki\",\"skill\":\"memory\","
        + "\"reason\":\"tidy\"}");
    assertEquals(501, passes.status(), "reason is read as instruction, not refused as extra: " + passes.raw().body());
    assertEquals("UNIMPLEMENTED", passes.code());
  }

  @Test
  void assetPreflightRefusesHostsWithoutAPublicAddressAsTheNetworkGuardDoes() throws Exception {
    String preflight = "/api/v1/openviking-assets/preflight";
    RawHttp.Reply unresolved = api.post(preflight, "{\"name\":\"cc\",\"connector\":\"git\","
        + "\"repo_url\":\"https://example.invalid/repo.git\"}");
    assertEquals(403, unresolved.status());
    assertEquals("HTTP server only accepts public remote resource targets; host 'example.invalid' could not be "
        + "resolved to a verifiable public address.", message(unresolved));
    assertTrue(message(api.post(preflight, "{\"name\":\"cc\",\"connector\":\"git\","
        + "\"repo_url\":\"https://127.0.0.1/repo.git\"}")).contains("resolves to non-public address '127.0.0.1'"));
    assertEquals(400, api.post(preflight, "{\"name\":\"cc\",\"connector\":\"svn\",\"repo_url\":\"https://github.com/a/b\"}")
        .status(), "connector must be 'git'");
    assertEquals(403, api.post(preflight, "{\"name\":\"cc\",\"connector\":\"git\",\"repo_url\":\"/srv/repo\"}")
        .status(), "a host path");
    RawHttp.Reply codeHost = api.post(preflight, "{\"name\":\"cc\",\"connector\":\"git\","
        + "\"repo_url\":\"https://github.com/volcengine/OpenViking.git\"}");
    assertEquals(501, codeHost.status(), "a known code host needs no lookup; git itself is not run: " + codeHost.raw().body());
    assertEquals(501, api.post("/api/v1/openviking-assets/resolve", "{\"manifest_yaml\":\"assets: []\"}").status());
    assertEquals(400, api.post("/api/v1/openviking-assets/resolve", "{\"manifest_yaml\":\"\"}").status());
  }
}
