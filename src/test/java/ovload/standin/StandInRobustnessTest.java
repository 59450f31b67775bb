package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24's hostile inputs to the stand-in (items 6, 7, 9): a backtracking regex, a scan past its
 * time limit, a long multipart boundary, long URIs, unsafe upload names, someone else's temp file
 * id, and unclaimed uploads piling up. Each must be answered, quickly, as the real server does or
 * with a bounded refusal, never a 500 or a pinned thread.
 */
class StandInRobustnessTest {
  private static final String ROOT = "viking://resources/rob";
  private StandInServer server;
  private RawHttp api;

  @BeforeEach
  void start() {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withHttpThreads(2));
    api = new RawHttp(server.baseUrl(), "test-root-api-key", "acme");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String q(String uri) {
    return URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }

  @Test
  void aBacktrackingPatternIsMatchedInLinearTime() throws Exception {
    api.addResource(ROOT + "/evil", "# Evil\n\n" + "a".repeat(40) + "\n", true);
    long start = System.nanoTime();
    // java.util.regex backtracks on this for hours; the request thread was pinned at 90 % CPU
    CompletableFuture<RawHttp.Reply> grep = CompletableFuture.supplyAsync(() -> {
      try {
        return api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"(.*a){25}x\"}");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    RawHttp.Reply r = grep.get(10, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("evil regex (.*a){25}x on 40 a's: %d in %.3f s%n", r.status(), seconds);
    assertEquals(200, r.status(), r.raw().body());
    assertEquals(0, r.result().get("count").asInt());
    assertTrue(seconds < 2, "linear time: " + seconds + " s");
    assertEquals(200, api.get("/health").status(), "the threads are free");
  }

  @Test
  void aScanPastItsTimeLimitIsStoppedWithDeadlineExceeded() throws Exception {
    api.addResource(ROOT + "/big", ("line of text\n").repeat(50_000), true);
    server.hooks().scanLimitMillis(0);
    RawHttp.Reply r = api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"nothing-here\"}");
    assertEquals(504, r.status(), r.raw().body());
    assertEquals("DEADLINE_EXCEEDED", r.code());
    assertTrue(r.body().get("error").get("message").asText().contains("narrow the uri or the pattern"));
    server.hooks().scanLimitMillis(10_000);
    assertEquals(200, api.post("/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"nothing-here\"}").status());
  }

  @Test
  void aLongBoundaryIsParsedInLinearTime() throws Exception {
    // a boundary of one repeated character, a body of runs of it just shorter than the delimiter:
    // a naive search compares thousands of bytes at every position of every run
    String boundary = "-".repeat(10_000);
    String filler = ("-".repeat(9_999) + "\r\n").repeat(100);
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"long.md\"\r\n\r\n"
        + filler + "\r\n--" + boundary + "--\r\n";
    long start = System.nanoTime();
    RawHttp.Reply r = api.send(api.builder("/api/v1/resources/temp_upload")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)));
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("multipart, %d-byte body, %d-character boundary: %d in %.3f s%n", body.length(),
        boundary.length(), r.status(), seconds);
    assertEquals(200, r.status(), r.raw().body());
    assertTrue(seconds < 1.5, "linear in the body: " + seconds + " s");
  }

  @Test
  void longUrisAreAnsweredAsTheRealServerDoesNeverA500() throws Exception {
    String longUri = ROOT + "/" + "x".repeat(1_000);
    JsonNode added = api.addResource(longUri, "# Long\n\nretrieval text\n", true);
    assertEquals(longUri, added.get("root_uri").asText());
    RawHttp.Reply find = api.post("/api/v1/search/find", "{\"query\":\"retrieval\",\"target_uri\":\"" + longUri
        + "\",\"limit\":5}");
    System.out.println("long URIs: add " + 200 + ", find " + find.status());
    assertEquals(200, find.status(), find.raw().body());
    assertTrue(find.result().get("total").asInt() >= 1, find.raw().body());
    RawHttp.Reply rm = api.delete("/api/v1/fs?uri=" + q(longUri) + "&recursive=true");
    assertEquals(200, rm.status(), rm.raw().body());
    String deep = ROOT + "/" + String.join("/", java.util.Collections.nCopies(400, "ab"));
    RawHttp.Reply rmDeep = api.delete("/api/v1/fs?uri=" + q(deep));
    System.out.println("long URIs: rm " + rm.status() + ", rm of 400 segments " + rmDeep.status());
    assertEquals(200, rmDeep.status(), "a missing path is 200, as 0.5.2: " + rmDeep.raw().body());
  }

  @Test
  void unsafeUploadNamesBecomeNamesTheirOwnUriReaches() throws Exception {
    // as OpenViking 0.5.2: the name after the last '/', without '\' and NUL; dots only: section.md
    String[][] cases = {{"..", "section.md"}, {"a/b.md", "b.md"}, {"a\\\\b.md", "ab.md"}, {"a\\u0000b.md", "ab.md"},
        {"../up.md", "up.md"}};
    for (String[] c : cases) {
      String temp = api.upload("ok.md", "# Ok\n\ntext\n").result().get("temp_file_id").asText();
      String to = ROOT + "/n" + c[1].hashCode();
      RawHttp.Reply r = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + to
          + "\",\"source_name\":\"" + c[0] + "\",\"wait\":true}");
      assertEquals(200, r.status(), r.raw().body());
      List<String> names = new ArrayList<>();
      api.get("/api/v1/fs/ls?uri=" + q(to)).result().forEach(e -> names.add(e.get("uri").asText()));
      assertEquals(List.of(to + "/" + c[1]), names, c[0]);
      assertEquals(200, api.get("/api/v1/content/read?uri=" + q(to + "/" + c[1])).status());
      assertEquals(200, api.delete("/api/v1/fs?uri=" + q(to + "/" + c[1])).status());
    }
    // a multipart file name with a NUL and a traversal: the temp file id carries a clean extension
    RawHttp.Reply upload = api.upload("../../etc/x\u0000.md", "# X\n\ntext\n");
    assertTrue(upload.result().get("temp_file_id").asText().matches("upload_[0-9a-f]{16}\\.md"),
        upload.raw().body());
  }

  @Test
  void anotherIdentitysClaimLeavesTheUploadToItsOwner() throws Exception {
    String temp = api.upload("mine.md", "# Mine\n\ntext\n").result().get("temp_file_id").asText();
    RawHttp.Reply stolen = api.as("mallory").post("/api/v1/resources", "{\"temp_file_id\":\"" + temp
        + "\",\"to\":\"" + ROOT + "/stolen\",\"wait\":true}");
    assertEquals(403, stolen.status());
    assertEquals(1, server.hooks().unclaimedUploads(), "nothing removed by the refused claim");
    RawHttp.Reply mine = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + ROOT
        + "/mine\",\"wait\":true}");
    assertEquals(200, mine.status(), "the owner still has it: " + mine.raw().body());
  }

  @Test
  void unclaimedUploadsAreBoundedInBytesAndAge() throws Exception {
    server.hooks().holdUploadsAtMost(100_000);
    String first = api.upload("one.md", "x".repeat(40_000)).result().get("temp_file_id").asText();
    for (int i = 0; i < 5; i++) {
      api.upload("more" + i + ".md", "y".repeat(40_000));
    }
    assertTrue(server.hooks().heldUploadBytes() <= 100_000, "held " + server.hooks().heldUploadBytes());
    assertEquals(2, server.hooks().unclaimedUploads());
    RawHttp.Reply gone = api.post("/api/v1/resources", "{\"temp_file_id\":\"" + first + "\",\"to\":\"" + ROOT
        + "/gone\"}");
    assertEquals(403, gone.status(), "pushed out as an expired one: " + gone.raw().body());
    server.hooks().expireUploadsAfter(0);
    Thread.sleep(5);
    api.upload("fresh.md", "z");
    assertEquals(1, server.hooks().unclaimedUploads(), "the expired ones went when a new one came");
    assertEquals(1, server.hooks().heldUploadBytes());
  }
}
