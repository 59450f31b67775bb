package ovload.client;

import static ovload.client.UriParts.query;
import static ovload.client.UriParts.segment;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Typed, thread-safe, synchronous client for the OpenViking HTTP API
 * ({@code /work/shared/openviking-api.md}). Every method returns the envelope's {@code result}
 * (for {@link #health()} the whole body) and throws {@link OpenVikingApiException},
 * {@link OpenVikingTransportException} or {@link OpenVikingTimeoutException}. Calls block: run them
 * on your own threads. Optionally, find, search, add_message and commit ask the server for its
 * telemetry, and a {@link ReplyObserver} sees every reply's headers and body.
 */
public final class OpenVikingClient implements AutoCloseable {
  /**
   * Told of every reply the client receives, on the thread that made the call, before the call
   * returns or throws: how a caller reads what the typed methods leave out (X-Process-Time, telemetry).
   */
  @FunctionalInterface
  public interface ReplyObserver {
    void replied(java.net.http.HttpHeaders headers, JsonNode body);
  }

  // The client's own mapper, not ovload.support's: bin/ov packs only the client and ovcli packages.
  private static final ObjectMapper JSON = new ObjectMapper();
  // Headroom over a server-side wait so the server's own timeout answer arrives before ours fires.
  private static final Duration WAIT_HEADROOM = Duration.ofSeconds(10);

  private final ClientSettings settings;
  private final ExecutorService executor;
  private final HttpClient http;
  private final boolean telemetry;
  private final ReplyObserver observer;

  public OpenVikingClient(ClientSettings settings) {
    this(settings, false, null);
  }

  /** @param telemetry whether find, search, add_message and commit send {@code "telemetry": true} */
  public OpenVikingClient(ClientSettings settings, boolean telemetry, ReplyObserver observer) {
    this.settings = settings;
    this.telemetry = telemetry;
    this.observer = observer;
    // Our own daemon pool, so close() releases the client's threads (JDK 17 HttpClient has no close).
    this.executor =
        Executors.newCachedThreadPool(
            task -> {
              Thread thread = new Thread(task, "openviking-client");
              thread.setDaemon(true);
              return thread;
            });
    HttpClient.Builder builder =
        HttpClient.newBuilder()
            // HTTP/1.1 only: the default HTTP/2 upgrade attempt adds headers a real server never needs.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(settings.timeout())
            .executor(executor);
    if (settings.url().regionMatches(true, 0, "http://", 0, 7)) {
      builder.sslContext(new PlainHttpSslContext());
    }
    this.http = builder.build();
  }

  public ClientSettings settings() {
    return settings;
  }

  /** {@code GET /health}: the whole body, which is not enveloped. */
  public JsonNode health() {
    HttpResponse<byte[]> response = send(request("/health").GET(), settings.timeout());
    JsonNode body = observed(response);
    if (response.statusCode() / 100 != 2 || body == null) {
      throw Envelope.error(response.statusCode(), body, response.body());
    }
    return body;
  }

  public JsonNode systemStatus() {
    return get("/api/v1/system/status");
  }

  /** {@code GET /api/v1/observer/{name}}: queue, system, vikingdb, models, lock, retrieval, filesystem. */
  public JsonNode observer(String name) {
    return get("/api/v1/observer/" + segment(name));
  }

  /**
   * Blocks until the server's queues are empty. {@code timeout} is sent as the SDK sends it, but the
   * real server (0.5.2) ignores it and waits until idle: {@code timeoutSeconds} (null: the client
   * timeout) plus headroom bounds how long we wait for the reply.
   */
  public JsonNode waitProcessed(Double timeoutSeconds) {
    ObjectNode body = JSON.createObjectNode();
    body.put("timeout", timeoutSeconds);
    return post("/api/v1/system/wait", body, waitTimeout(timeoutSeconds));
  }

  /** Uploads one local file (multipart field {@code file}) and returns its {@code temp_file_id}. */
  public String tempUpload(Path file) {
    MultipartBody multipart;
    try {
      multipart = MultipartBody.ofFile("file", file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + " for upload: " + e.getMessage(), e);
    }
    HttpRequest.Builder builder =
        request("/api/v1/resources/temp_upload")
            .header("Content-Type", multipart.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart.bytes()));
    JsonNode result = resultOf(send(builder, settings.timeout()));
    JsonNode id = result.get("temp_file_id");
    if (id == null || !id.isTextual()) {
      throw new OpenVikingApiException(
          "INTERNAL", 200, "temp upload answered without a temp_file_id: " + result, result);
    }
    return id.asText();
  }

  /**
   * Adds a local file as the SDKs do: {@link #tempUpload} then {@code POST /api/v1/resources}.
   * {@code to} and {@code reason} are left out when null. {@code to} is the resource's directory:
   * the real server stores the file as {@code <to>/<source_name>}. {@code timeout} only bounds how
   * long we wait for a {@code wait=true} reply: the real server (0.5.2) rejects a {@code timeout}
   * field with 400 ({@code extra_forbidden}), so it is never sent.
   */
  public JsonNode addResource(Path localFile, String to, String reason, boolean wait, Double timeout) {
    String tempFileId = tempUpload(localFile);
    ObjectNode body = JSON.createObjectNode();
    body.put("temp_file_id", tempFileId);
    putIfPresent(body, "to", to);
    putIfPresent(body, "reason", reason);
    body.put("wait", wait);
    body.put("strict", false);
    body.put("source_name", localFile.getFileName().toString());
    return post("/api/v1/resources", body, wait ? waitTimeout(timeout) : settings.timeout());
  }

  public JsonNode find(String query, String targetUri, int limit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    putIfPresent(body, "target_uri", targetUri);
    body.put("limit", limit);
    askTelemetry(body);
    return post("/api/v1/search/find", body);
  }

  public JsonNode search(String query, String targetUri, String sessionId, int limit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    putIfPresent(body, "target_uri", targetUri);
    putIfPresent(body, "session_id", sessionId);
    body.put("limit", limit);
    askTelemetry(body);
    return post("/api/v1/search/search", body);
  }

  public JsonNode grep(String uri, String pattern, boolean caseInsensitive, int nodeLimit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("uri", uri);
    body.put("pattern", pattern);
    body.put("case_insensitive", caseInsensitive);
    body.put("node_limit", nodeLimit);
    return post("/api/v1/search/grep", body);
  }

  public JsonNode glob(String pattern, String uri, int nodeLimit) {
    ObjectNode body = JSON.createObjectNode();
    body.put("pattern", pattern);
    body.put("uri", uri);
    body.put("node_limit", nodeLimit);
    return post("/api/v1/search/glob", body);
  }

  public JsonNode mkdir(String uri) {
    ObjectNode body = JSON.createObjectNode();
    body.put("uri", uri);
    return post("/api/v1/fs/mkdir", body);
  }

  public JsonNode rm(String uri, boolean recursive) {
    String path = "/api/v1/fs" + query("uri", uri, "recursive", String.valueOf(recursive));
    return resultOf(send(request(path).DELETE(), settings.timeout()));
  }

  public JsonNode ls(String uri) {
    return get("/api/v1/fs/ls" + query("uri", uri));
  }

  public JsonNode read(String uri) {
    return get("/api/v1/content/read" + query("uri", uri));
  }

  public JsonNode listSessions() {
    return get("/api/v1/sessions");
  }

  public JsonNode deleteSession(String sessionId) {
    return resultOf(
        send(request("/api/v1/sessions/" + segment(sessionId)).DELETE(), settings.timeout()));
  }

  /** Appends a message; the server creates a missing session on its first message. */
  public JsonNode addMessage(String sessionId, String role, String content) {
    ObjectNode body = JSON.createObjectNode();
    body.put("role", role);
    body.put("content", content);
    askTelemetry(body);
    return post("/api/v1/sessions/" + segment(sessionId) + "/messages", body);
  }

  public JsonNode commitSession(String sessionId) {
    ObjectNode body = JSON.createObjectNode();
    askTelemetry(body);
    return post("/api/v1/sessions/" + segment(sessionId) + "/commit", body);
  }

  private void askTelemetry(ObjectNode body) {
    if (telemetry) {
      body.put("telemetry", true);
    }
  }

  public JsonNode getTask(String taskId) {
    return get("/api/v1/tasks/" + segment(taskId));
  }

  /** Lists task records; null filters are left out of the query. */
  public JsonNode listTasks(String taskType, String status, String resourceId, Integer limit) {
    return get(
        "/api/v1/tasks"
            + query(
                "task_type", taskType,
                "status", status,
                "resource_id", resourceId,
                "limit", limit == null ? null : limit.toString()));
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }

  @Override
  public String toString() {
    return "OpenVikingClient[" + settings + "]";
  }

  private JsonNode get(String path) {
    return resultOf(send(request(path).GET(), settings.timeout()));
  }

  private JsonNode post(String path, JsonNode body) {
    return post(path, body, settings.timeout());
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode request body", e);
    }
    HttpRequest.Builder builder =
        request(path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
    return resultOf(send(builder, timeout));
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url() + pathAndQuery));
    headerIfPresent(builder, "X-API-Key", settings.apiKey());
    headerIfPresent(builder, "X-OpenViking-Account", settings.account());
    headerIfPresent(builder, "X-OpenViking-User", settings.user());
    settings.extraHeaders().forEach((name, value) -> headerIfPresent(builder, name, value));
    return builder;
  }

  private HttpResponse<byte[]> send(HttpRequest.Builder builder, Duration timeout) {
    HttpRequest request = builder.timeout(timeout).build();
    // Messages name method and path only: the URL's query and the headers may carry secrets.
    String what = request.method() + " " + request.uri().getPath();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new OpenVikingTimeoutException(
          what + " timed out after " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      throw new OpenVikingTransportException(
          what + " failed: " + e.getClass().getSimpleName() + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OpenVikingTransportException(what + " interrupted", e);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? "" : " " + e.getMessage();
  }

  private JsonNode observed(HttpResponse<byte[]> response) {
    JsonNode body = parseJson(response.body());
    if (observer != null) {
      observer.replied(response.headers(), body);
    }
    return body;
  }

  private JsonNode resultOf(HttpResponse<byte[]> response) {
    return Envelope.result(response.statusCode(), observed(response), response.body());
  }

  private static JsonNode parseJson(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return null;
    }
  }

  private Duration waitTimeout(Double seconds) {
    if (seconds == null) {
      return settings.timeout();
    }
    Duration serverWait = Duration.ofMillis((long) (seconds * 1000)).plus(WAIT_HEADROOM);
    return serverWait.compareTo(settings.timeout()) > 0 ? serverWait : settings.timeout();
  }

  private static void putIfPresent(ObjectNode body, String field, String value) {
    if (value != null) {
      body.put(field, value);
    }
  }

  private static void headerIfPresent(HttpRequest.Builder builder, String name, String value) {
    if (value != null && !value.isEmpty()) {
      builder.setHeader(name, value);
    }
  }
}
