package ovload.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenVikingClientTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "s3cret-key-XYZ";

  private FakeServer server;
  private OpenVikingClient client;

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    client = new OpenVikingClient(
        new ClientSettings(server.url(), KEY, "acme", "alice", Duration.ofSeconds(5),
            Map.of("X-Trace", "t-1")));
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  private static JsonNode json(String text) throws IOException {
    return JSON.readTree(text);
  }

  private void assertCall(String method, String path, String query, String body) throws IOException {
    FakeServer.Received r = server.last();
    assertEquals(method, r.method());
    assertEquals(path, r.rawPath());
    assertEquals(query, r.rawQuery());
    if (body == null) {
      assertEquals(0, r.body().length, "no body expected");
      assertNull(r.header("Content-Type"), "Content-Type only with a body");
    } else {
      assertEquals("application/json", r.header("Content-Type"));
      assertEquals(json(body), json(r.bodyText()));
    }
  }

  @Test
  void sendsIdentityHeadersAndExtraHeadersOnEveryCall() throws IOException {
    server.ok("{\"is_healthy\":true}");
    JsonNode result = client.observer("system");
    assertEquals(json("{\"is_healthy\":true}"), result);
    FakeServer.Received r = server.last();
    assertEquals(KEY, r.header("X-API-Key"));
    assertEquals("acme", r.header("X-OpenViking-Account"));
    assertEquals("alice", r.header("X-OpenViking-User"));
    assertEquals("t-1", r.header("X-Trace"));
    assertCall("GET", "/api/v1/observer/system", null, null);
  }

  @Test
  void omitsHeadersWhoseValueIsEmpty() throws IOException {
    try (OpenVikingClient bare = new OpenVikingClient(
        new ClientSettings(server.url(), "", "", null, null, Map.of("X-Empty", "")))) {
      bare.listSessions();
    }
    FakeServer.Received r = server.last();
    assertNull(r.header("X-API-Key"));
    assertNull(r.header("X-OpenViking-Account"));
    assertNull(r.header("X-OpenViking-User"));
    assertNull(r.header("X-Empty"));
    assertNull(r.header("Authorization"));
  }

  @Test
  void healthReturnsTheWholeUnenvelopedBody() throws IOException {
    server.reply(200, "{\"status\":\"ok\",\"healthy\":true,\"version\":\"0.3\",\"auth_mode\":\"dev\"}");
    JsonNode body = client.health();
    assertEquals("dev", body.get("auth_mode").asText());
    assertTrue(body.get("healthy").asBoolean());
    assertCall("GET", "/health", null, null);
  }

  @Test
  void eachCallSendsTheDocumentedMethodPathAndBody() throws IOException {
    record Case(Consumer<OpenVikingClient> call, String method, String path, String query, String body) {}
    List<Case> cases = List.of(
        new Case(c -> c.systemStatus(), "GET", "/api/v1/system/status", null, null),
        new Case(c -> c.observer("queue"), "GET", "/api/v1/observer/queue", null, null),
        new Case(c -> c.waitProcessed(null), "POST", "/api/v1/system/wait", null, "{\"timeout\":null}"),
        new Case(c -> c.waitProcessed(2.5), "POST", "/api/v1/system/wait", null, "{\"timeout\":2.5}"),
        new Case(c -> c.find("q one", "viking://resources/x", 10), "POST", "/api/v1/search/find", null,
            "{\"query\":\"q one\",\"target_uri\":\"viking://resources/x\",\"limit\":10}"),
        new Case(c -> c.search("q", "viking://r", "s-1", 5), "POST", "/api/v1/search/search", null,
            "{\"query\":\"q\",\"target_uri\":\"viking://r\",\"session_id\":\"s-1\",\"limit\":5}"),
        new Case(c -> c.search("q", "viking://r", null, 5), "POST", "/api/v1/search/search", null,
            "{\"query\":\"q\",\"target_uri\":\"viking://r\",\"limit\":5}"),
        new Case(c -> c.grep("viking://r", "bench", true, 7), "POST", "/api/v1/search/grep", null,
            "{\"uri\":\"viking://r\",\"pattern\":\"bench\",\"case_insensitive\":true,\"node_limit\":7}"),
        new Case(c -> c.glob("**/*.md", "viking://r", 3), "POST", "/api/v1/search/glob", null,
            "{\"pattern\":\"**/*.md\",\"uri\":\"viking://r\",\"node_limit\":3}"),
        new Case(c -> c.mkdir("viking://r/a"), "POST", "/api/v1/fs/mkdir", null, "{\"uri\":\"viking://r/a\"}"),
        new Case(c -> c.rm("viking://r/a b", true), "DELETE", "/api/v1/fs", "uri=viking%3A%2F%2Fr%2Fa%20b&recursive=true", null),
        new Case(c -> c.rm("viking://r", false), "DELETE", "/api/v1/fs", "uri=viking%3A%2F%2Fr&recursive=false", null),
        new Case(c -> c.ls("viking://r"), "GET", "/api/v1/fs/ls", "uri=viking%3A%2F%2Fr", null),
        new Case(c -> c.read("viking://r/x&y.md"), "GET", "/api/v1/content/read", "uri=viking%3A%2F%2Fr%2Fx%26y.md", null),
        new Case(c -> c.listSessions(), "GET", "/api/v1/sessions", null, null),
        new Case(c -> c.deleteSession("bench load/1"), "DELETE", "/api/v1/sessions/bench%20load%2F1", null, null),
        new Case(c -> c.addMessage("s?1", "user", "hi \"there\""), "POST", "/api/v1/sessions/s%3F1/messages", null,
            "{\"role\":\"user\",\"content\":\"hi \\\"there\\\"\"}"),
        new Case(c -> c.commitSession("s-1"), "POST", "/api/v1/sessions/s-1/commit", null, "{}"),
        new Case(c -> c.getTask("t/1#x"), "GET", "/api/v1/tasks/t%2F1%23x", null, null),
        new Case(c -> c.listTasks("session_commit", null, "s 1", 20), "GET", "/api/v1/tasks",
            "task_type=session_commit&resource_id=s%201&limit=20", null),
        new Case(c -> c.listTasks(null, null, null, null), "GET", "/api/v1/tasks", null, null));
    for (Case c : cases) {
      server.ok("{\"n\":1}");
      c.call().accept(client);
      assertCall(c.method(), c.path(), c.query(), c.body());
    }
    assertEquals(cases.size(), server.received().size());
  }

  @Test
  void addResourceUploadsMultipartThenPostsTheTempFileId(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("resource-0001.md");
    Files.writeString(file, "# Title\nbenchmark text\n");
    server.ok("{\"temp_file_id\":\"upload_abc.md\"}");
    server.ok("{\"status\":\"success\",\"root_uri\":\"viking://r/resource-0001.md\",\"task_id\":\"t-9\"}");

    JsonNode result = client.addResource(file, "viking://r/resource-0001.md", "load test", false, null);

    assertEquals("t-9", result.get("task_id").asText());
    List<FakeServer.Received> calls = server.received();
    assertEquals(2, calls.size());
    FakeServer.Received upload = calls.get(0);
    assertEquals("POST", upload.method());
    assertEquals("/api/v1/resources/temp_upload", upload.rawPath());
    String contentType = upload.header("Content-Type");
    assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
    String boundary = contentType.substring(contentType.indexOf('=') + 1);
    String expectedBody = "--" + boundary + "\r\n"
        + "Content-Disposition: form-data; name=\"file\"; filename=\"resource-0001.md\"\r\n"
        + "Content-Type: application/octet-stream\r\n\r\n"
        + "# Title\nbenchmark text\n"
        + "\r\n--" + boundary + "--\r\n";
    assertEquals(expectedBody, new String(upload.body(), StandardCharsets.UTF_8));
    assertEquals(KEY, upload.header("X-API-Key"));

    assertCall("POST", "/api/v1/resources", null,
        "{\"temp_file_id\":\"upload_abc.md\",\"to\":\"viking://r/resource-0001.md\",\"reason\":\"load test\","
            + "\"wait\":false,\"strict\":false,\"source_name\":\"resource-0001.md\"}");
    assertFalse(json(server.last().bodyText()).has("args"), "never an args object");
  }

  @Test
  void addResourceWithWaitNeverSendsATimeoutField(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("a.md");
    Files.writeString(file, "x");
    server.ok("{\"temp_file_id\":\"upload_1.md\"}");
    client.addResource(file, "viking://r/a.md", "why", true, 30.0);
    JsonNode body = json(server.last().bodyText());
    assertTrue(body.get("wait").asBoolean());
    assertFalse(body.has("timeout"), "the real server answers 400 to a timeout field");
  }

  @Test
  void errorEnvelopeBecomesApiExceptionWithItsFields() {
    server.reply(409, "{\"status\":\"error\",\"error\":{\"code\":\"CONFLICT\",\"message\":\"path busy\","
        + "\"details\":{\"conflict_type\":\"path_lock\"}}}");
    OpenVikingApiException e = assertThrows(OpenVikingApiException.class, () -> client.mkdir("viking://r"));
    assertEquals("CONFLICT", e.code());
    assertEquals(409, e.httpStatus());
    assertEquals("path busy", e.serverMessage());
    assertEquals("path_lock", e.details().get("conflict_type").asText());
    assertInstanceOf(OpenVikingException.class, e);
  }

  @Test
  void errorEnvelopeWithoutDetailsHasNullDetails() {
    server.reply(404, "{\"status\":\"error\",\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no task\"}}");
    OpenVikingApiException e = assertThrows(OpenVikingApiException.class, () -> client.getTask("t"));
    assertEquals("NOT_FOUND", e.code());
    assertTrue(e.details().isNull());
  }

  @Test
  void nonJsonAndNonEnvelopeErrorsTakeTheirCodeFromTheHttpStatus() {
    server.reply(503, "text/plain", "upstream down", 0);
    OpenVikingApiException e = assertThrows(OpenVikingApiException.class, () -> client.systemStatus());
    assertEquals("UNAVAILABLE", e.code());
    assertEquals(503, e.httpStatus());
    assertEquals("upstream down", e.serverMessage());

    server.reply(422, "{\"detail\":[{\"msg\":\"field required\"}]}");
    e = assertThrows(OpenVikingApiException.class, () -> client.find("q", null, 1));
    assertEquals("INVALID_ARGUMENT", e.code());
    assertTrue(e.serverMessage().contains("field required"), e.serverMessage());

    server.reply(401, "text/plain", "", 0);
    e = assertThrows(OpenVikingApiException.class, () -> client.health());
    assertEquals("UNAUTHENTICATED", e.code());

    server.reply(200, "text/html", "<html>proxy</html>", 0);
    e = assertThrows(OpenVikingApiException.class, () -> client.listSessions());
    assertEquals("INTERNAL", e.code());
    assertEquals(200, e.httpStatus());
  }

  @Test
  void mapsEveryTableStatusToItsCode() {
    Map<Integer, String> table = Map.ofEntries(
        Map.entry(400, "INVALID_ARGUMENT"), Map.entry(401, "UNAUTHENTICATED"),
        Map.entry(403, "PERMISSION_DENIED"), Map.entry(404, "NOT_FOUND"), Map.entry(409, "CONFLICT"),
        Map.entry(412, "FAILED_PRECONDITION"), Map.entry(429, "RESOURCE_EXHAUSTED"),
        Map.entry(500, "INTERNAL"), Map.entry(501, "UNIMPLEMENTED"), Map.entry(503, "UNAVAILABLE"),
        Map.entry(504, "DEADLINE_EXCEEDED"));
    table.forEach((status, code) -> assertEquals(code, ErrorCodes.forHttpStatus(status), "HTTP " + status));
  }

  @Test
  void connectionRefusedIsATransportExceptionButNotATimeout() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (OpenVikingClient dead = new OpenVikingClient(ClientSettings.of("http://127.0.0.1:" + port, KEY))) {
      OpenVikingTransportException e =
          assertThrows(OpenVikingTransportException.class, () -> dead.getTask("t-1"));
      assertFalse(e instanceof OpenVikingTimeoutException);
      assertTrue(e.getMessage().startsWith("GET /api/v1/tasks/t-1 failed"), e.getMessage());
      assertFalse(e.getMessage().contains(KEY));
    }
  }

  @Test
  void anHttpsClientKeepsRealTls() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // Connection refused, not the plain-http context's refusal of TLS.
    try (OpenVikingClient tls = new OpenVikingClient(ClientSettings.of("https://127.0.0.1:" + port, KEY))) {
      OpenVikingTransportException e = assertThrows(OpenVikingTransportException.class, () -> tls.health());
      assertTrue(e.getMessage().contains("ConnectException"), e.getMessage());
    }
  }

  @Test
  void slowReplyIsATimeoutException() {
    server.reply(200, "application/json", "{\"status\":\"ok\",\"result\":{}}", 3000);
    try (OpenVikingClient impatient = new OpenVikingClient(
        ClientSettings.of(server.url(), KEY).withTimeout(Duration.ofMillis(300)))) {
      long start = System.nanoTime();
      OpenVikingTimeoutException e =
          assertThrows(OpenVikingTimeoutException.class, () -> impatient.find("q", "viking://r", 1));
      long elapsedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsedMs < 2500, "gave up after " + elapsedMs + " ms");
      assertTrue(e.getMessage().contains("timed out after 300 ms"), e.getMessage());
    }
  }

  @Test
  void theApiKeyNeverAppearsInExceptionsOrToString() throws IOException {
    List<String> texts = new ArrayList<>();
    server.reply(401, "{\"status\":\"error\",\"error\":{\"code\":\"UNAUTHENTICATED\",\"message\":\"bad key\"}}");
    texts.add(assertThrows(OpenVikingApiException.class, () -> client.ls("viking://r")).toString());
    server.reply(200, "application/json", "{}", 3000);
    try (OpenVikingClient impatient = new OpenVikingClient(
        client.settings().withTimeout(Duration.ofMillis(200)))) {
      texts.add(assertThrows(OpenVikingTimeoutException.class, () -> impatient.listSessions()).toString());
      texts.add(impatient.toString());
    }
    texts.add(client.settings().toString());
    texts.add(client.toString());
    for (String text : texts) {
      assertFalse(text.contains(KEY), text);
    }
    assertTrue(client.settings().toString().contains("apiKey=<redacted>"));
  }

  @Test
  void settingsRejectBadValuesWithTheFix() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClientSettings.of(" ", KEY));
    assertTrue(e.getMessage().contains("http://127.0.0.1:1933"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ClientSettings.of("127.0.0.1:1933", KEY));
    assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.of("http://h", KEY).withTimeout(Duration.ZERO));
    e = assertThrows(IllegalArgumentException.class,
        () -> ClientSettings.of("http://h", KEY).withExtraHeaders(Map.of("Host", "x")));
    assertTrue(e.getMessage().contains("remove it"), e.getMessage());
    ClientSettings s = ClientSettings.of("http://127.0.0.1:1933//", KEY);
    assertEquals("http://127.0.0.1:1933", s.url());
    assertEquals("default", s.account());
    assertEquals(Duration.ofSeconds(60), s.timeout());
  }
}
