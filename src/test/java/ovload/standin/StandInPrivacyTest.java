package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Privacy configs as OpenViking 0.5.2 keeps them (its openviking/privacy source): versions,
 * activation, owner-bound references and their resolution, its errors, and a scan that finds a
 * registered secret by reference without returning it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StandInPrivacyTest {
  private static final String BASE = "/api/v1/privacy-configs";
  private StandInServer server;
  private RawHttp api;

  @BeforeAll
  void start() throws Exception {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT).withJitter(0));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme", "alice");
  }

  @AfterAll
  void stop() {
    server.close();
  }

  private RawHttp.Reply patch(String path, String json) throws Exception {
    return api.send(api.builder(path).header("Content-Type", "application/json")
        .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asInt()));
    return out;
  }

  @Test
  void anUpsertThatChangesNothingKeepsItsVersionAndActivateBringsAnOldOneBack() throws Exception {
    String target = BASE + "/credential/gh";
    assertEquals(1, api.post(target, "{\"values\":{\"token\":\"first-secret\"}}").result().get("version").asInt());
    assertEquals(1, api.post(target, "{\"values\":{\"token\":\"first-secret\"}}").result().get("version").asInt(),
        "the same values publish no new version");
    JsonNode second = patch(target, "{\"values\":{\"token\":\"second-secret\"},\"change_reason\":\"rotated\"}").result();
    assertEquals(2, second.get("version").asInt());
    assertEquals("rotated", second.get("change_reason").asText());
    assertEquals(List.of(1, 2), ints(api.get(target + "/versions").result()));

    JsonNode activated = api.post(target + "/activate", "{\"version\":1}").result();
    assertEquals("first-secret", activated.at("/values/token").asText());
    JsonNode now = api.get(target).result();
    assertEquals(1, now.at("/current/version").asInt());
    assertEquals(1, now.at("/meta/active_version").asInt());
    assertEquals(2, now.at("/meta/latest_version").asInt(), "activating adds no version");

    String reference = "{{ov_privacy:alice:viking://~/privacy/credential/gh#/values/token}}";
    JsonNode field = api.get(target + "/field?field=token").result();
    assertEquals(reference, field.get("reference").asText());
    assertFalse(field.has("value"), "the value only with reveal=true");
    assertEquals("first-secret", api.get(target + "/field?field=token&reveal=true").result().get("value").asText());
    JsonNode resolved = api.post(BASE + "/resolve", "{\"selector\":\"" + reference + "\"}").result();
    assertEquals("first-secret", resolved.get("value").asText(), "resolve answers the active version's value");
    assertEquals(1, resolved.get("version").asInt());

    String tree = api.get(BASE + "/tree").raw().body();
    assertTrue(tree.contains("viking://~/privacy/credential/gh#/values/token"), tree);
    assertFalse(tree.contains("secret"), "the tree lists references, never values: " + tree);
    assertEquals(0, new RawHttp(server.baseUrl(), "test-root-api-key", "acme", "bob").get(BASE).result().size(),
        "another user sees none of alice's configs");
    RawHttp.Reply foreign = new RawHttp(server.baseUrl(), "test-root-api-key", "acme", "bob")
        .post(BASE + "/resolve", "{\"selector\":\"" + reference + "\"}");
    assertEquals(403, foreign.status());
    assertEquals("Privacy reference belongs to user alice", foreign.body().at("/error/message").asText());
  }

  @Test
  void aMissingConfigVersionOrBadIdentifierIsRefusedAs052RefusesIt() throws Exception {
    RawHttp.Reply missing = api.get(BASE + "/skill/nothing-here");
    assertEquals(404, missing.status());
    assertEquals("NOT_FOUND", missing.code());
    assertEquals("Privacy config not found: skill/nothing-here", missing.body().at("/error/message").asText());
    assertEquals("privacy config", missing.body().at("/error/details/type").asText());
    assertEquals(404, api.get(BASE + "/skill/nothing-here/versions").status());
    api.post(BASE + "/skill/present", "{\"values\":{\"k\":\"v\"}}");
    assertEquals("Privacy config not found: skill/present/versions/7",
        api.get(BASE + "/skill/present/versions/7").body().at("/error/message").asText());
    RawHttp.Reply bad = api.get(BASE + "/bad%20category");
    assertEquals(400, bad.status());
    assertEquals("Invalid Privacy category: may contain only ASCII letters, digits, '_', '-', '.', and '@'.",
        bad.body().at("/error/message").asText());
    assertEquals(400, api.post(BASE + "/skill/present", "{\"values\":{},\"extra\":1}").status(), "extra=forbid");

    JsonNode gone = api.delete(BASE + "/skill/present/field?field=k").result();
    assertTrue(gone.get("target_deleted").asBoolean(), "the last field takes the target with it");
    assertEquals(404, api.get(BASE + "/skill/present").status());
    assertFalse(api.delete(BASE + "/skill/never").result().get("deleted").asBoolean());
    assertTrue(api.get(BASE + "/skill").result().toString().contains("never"),
        "a delete's lock leaves the target's directory, as 0.5.2's does");
  }

  @Test
  void aScanReportsARegisteredSecretByReferenceAndFixReplacesIt() throws Exception {
    String root = "viking://resources/privacy-scan";
    api.addResource(root + "/doc", "# Doc\n\nThe key is sk-live-1234 here.\n", true);
    api.post(BASE + "/vendor/acme", "{\"values\":{\"api_key\":\"sk-live-1234\",\"short\":\"abc\"}}");
    String scan = "{\"uri\":\"" + root + "\"}";
    RawHttp.Reply dry = api.post(BASE + "/scan", scan);
    JsonNode result = dry.result();
    assertEquals(1, result.get("matched_files").asInt(), dry.raw().body());
    JsonNode match = result.at("/matches/0");
    assertEquals(root + "/doc/doc", match.get("uri").asText());
    assertEquals(List.of("{{ov_privacy:alice:viking://~/privacy/vendor/acme#/values/api_key}}"),
        List.of(match.at("/references/0").asText()));
    assertEquals(4, result.at("/skipped_files/internal_metadata").asInt(), "two directories' summary sidecars");
    assertFalse(dry.raw().body().contains("sk-live-1234"), "the scan never returns the secret");

    JsonNode fixed = api.post(BASE + "/scan", "{\"uri\":\"" + root + "\",\"fix\":true}").result();
    assertTrue(fixed.at("/matches/0/fixed").asBoolean());
    String content = api.get("/api/v1/content/read?uri=" + URLEncoder.encode(root + "/doc/doc", StandardCharsets.UTF_8))
        .result().asText();
    assertTrue(content.contains("The key is {{ov_privacy:alice:viking://~/privacy/vendor/acme#/values/api_key}} here."),
        content);
    assertEquals(0, api.post(BASE + "/scan", scan).result().get("matched_files").asInt(), "nothing left to find");
  }

  @Test
  void aRegisteredSecretIsStoredAsItsReferenceAndOneThatTwoFieldsHoldIsRefused() throws Exception {
    RawHttp carol = new RawHttp(server.baseUrl(), "test-root-api-key", "acme", "carol");
    carol.post(BASE + "/db/main", "{\"values\":{\"password\":\"hunter2-long\"}}");
    String root = "viking://resources/privacy-write";
    carol.addResource(root + "/notes", "# Notes\n\nThe password is hunter2-long.\n", true);
    String read = "/api/v1/content/read?uri=" + URLEncoder.encode(root + "/notes/notes", StandardCharsets.UTF_8);
    String stored = carol.get(read).result().asText();
    assertTrue(stored.contains("The password is {{ov_privacy:carol:viking://~/privacy/db/main#/values/password}}."),
        stored);
    JsonNode hits = carol.post("/api/v1/search/find", "{\"query\":\"password\",\"target_uri\":\"" + root + "\"}")
        .result();
    assertFalse(hits.toString().contains("hunter2-long"), "the index holds what was stored: " + hits);

    carol.post(BASE + "/db/replica", "{\"values\":{\"password\":\"hunter2-long\"}}");
    RawHttp.Reply refused = carol.post("/api/v1/content/write", "{\"uri\":\"" + root + "/notes/notes\","
        + "\"content\":\"again hunter2-long\",\"mode\":\"append\"}");
    assertEquals(400, refused.status(), refused.raw().body());
    assertEquals("Content contains a Privacy value mapped to multiple fields; remove the duplicate mapping or insert "
        + "the intended reference explicitly", refused.body().at("/error/message").asText());
    assertFalse(refused.raw().body().contains("hunter2-long"), "the refusal names the references, not the value");
  }
}
