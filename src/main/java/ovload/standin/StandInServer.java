package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ovload.support.DaemonThreads;
import ovload.support.LoopbackHttpServer;

/**
 * An embedded OpenViking stand-in: the routes, headers, envelopes and error codes of the real
 * server's HTTP API, with real behaviour behind them ({@link StandInApi}). Binds loopback only.
 */
public final class StandInServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StandInConfig config;
  private final HttpServer http;
  private final ExecutorService threads;
  private final StandInApi api;
  private final Faults faults;

  private StandInServer(StandInConfig config) {
    this.config = config;
    this.faults = new Faults(config.seed(), config.taskFailureRate(), config.unavailableRate(), config.jitter(),
        config.modelErrorRate());
    this.api = new StandInApi(config, faults);
    this.threads = Executors.newFixedThreadPool(config.httpThreads(), DaemonThreads.named("standin-http"));
    this.http = LoopbackHttpServer.start(config.port(), threads, this::exchange, "standin");
  }

  public static StandInServer start(StandInConfig config) {
    return new StandInServer(config);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public StandInConfig config() {
    return config;
  }

  /** For tests in this package: the behaviour and the fault source behind the routes. */
  StandInApi api() {
    return api;
  }

  Faults faults() {
    return faults;
  }

  public StandInStats stats() {
    return api.stats();
  }

  private void exchange(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    String requestId = exchange.getRequestHeaders().getFirst("X-Request-ID");
    exchange.getResponseHeaders().set("X-Request-ID", requestId != null ? requestId : UUID.randomUUID().toString());
    int status;
    Object body;
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/health") && exchange.getRequestMethod().equals("GET")) {
        status = 200;
        body = api.health();
      } else {
        java.util.regex.Matcher[] matched = new java.util.regex.Matcher[1];
        StandInApi.Handler handler = api.resolve(exchange.getRequestMethod(), path, matched);
        StandInApi.Identity identity = authenticate(exchange);
        if (faults.unavailable()) {
          throw new ApiException("UNAVAILABLE", "injected unavailability");
        }
        StandInApi.Reply reply = handler.handle(new StandInApi.Call(identity, matched[0], query(exchange),
            json(exchange), upload(exchange, path)));
        status = 200;
        body = envelope(reply);
      }
    } catch (ApiException e) {
      status = e.status;
      body = error(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      body = error(new ApiException("UNAVAILABLE", "shutting down"));
    } catch (RuntimeException e) {
      status = 500;
      body = error(new ApiException("INTERNAL", "Internal server error"));
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-Process-Time", String.format("%.6f", (System.nanoTime() - start) / 1e9));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  /** The success envelope as the real route renders it (see {@link StandInApi.Envelope}). */
  private static Map<String, Object> envelope(StandInApi.Reply reply) {
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("status", "ok");
    envelope.put("result", reply.result());
    if (reply.envelope() != StandInApi.Envelope.COMPACT) {
      envelope.put("error", null);
      envelope.put("telemetry", null);
      envelope.put("profile", null);
    }
    if (reply.envelope() == StandInApi.Envelope.LISTING) {
      envelope.put("has_more", false);
    }
    return envelope;
  }

  /** The error envelope in the real server's rendering for that kind of error (see {@link ApiException.Style}). */
  private static Map<String, Object> error(ApiException e) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", e.code);
    error.put("message", e.getMessage());
    if (e.style != ApiException.Style.FRAMEWORK) {
      error.put("details", e.details);
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("status", "error");
    envelope.put("error", error);
    if (e.style == ApiException.Style.SERVICE) {
      envelope.put("result", null);
      envelope.put("telemetry", null);
      envelope.put("profile", null);
    }
    return envelope;
  }

  /** Who is asking, as OpenViking 0.5.2's trusted mode requires it: the root key, then account and user. */
  private StandInApi.Identity authenticate(HttpExchange exchange) {
    var headers = exchange.getRequestHeaders();
    String account = headers.getFirst("X-OpenViking-Account");
    String user = headers.getFirst("X-OpenViking-User");
    if (config.authMode().equals("trusted")) {
      String key = headers.getFirst("X-API-Key");
      String authorization = headers.getFirst("Authorization");
      if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
        key = authorization.substring("Bearer ".length());
      }
      if (key == null) {
        throw new ApiException("UNAUTHENTICATED", "Missing API Key in trusted mode. Send X-API-Key with the value of "
            + "server.root_api_key from the server's ov.conf.");
      }
      if (!java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
          config.apiKey().getBytes(StandardCharsets.UTF_8))) {
        throw new ApiException("UNAUTHENTICATED", "Invalid API Key in trusted mode. The supplied key must match "
            + "server.root_api_key in the server's ov.conf.");
      }
      if (account == null || account.isEmpty() || user == null || user.isEmpty()) {
        throw ApiException.invalid("Trusted mode requests must include X-OpenViking-Account and X-OpenViking-User.");
      }
    }
    return new StandInApi.Identity(account == null || account.isEmpty() ? "default" : account,
        user == null || user.isEmpty() ? "default" : user);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && parseLength(length) > config.maxBodyBytes()) {
      throw ApiException.tooLarge(config.maxBodyBytes());
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(config.maxBodyBytes() + 1);
      if (bytes.length > config.maxBodyBytes()) {
        throw ApiException.tooLarge(config.maxBodyBytes());
      }
      return bytes;
    }
  }

  private JsonNode json(HttpExchange exchange) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      return null;
    }
    byte[] bytes = readBody(exchange);
    if (bytes.length == 0) {
      return null;
    }
    try {
      return JSON.readTree(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.validation("body." + Math.max(0, e.getLocation() == null ? 0 : e.getLocation().getCharOffset()),
          "JSON decode error", "json_invalid");
    }
  }

  private Multipart upload(HttpExchange exchange, String path) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!path.equals("/api/v1/resources/temp_upload") || type == null || !type.toLowerCase().startsWith("multipart/")) {
      return null;
    }
    return Multipart.parse(type, readBody(exchange));
  }

  private static long parseLength(String length) {
    try {
      return Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      throw ApiException.invalid("Content-Length is not a number: " + length);
    }
  }

  /**
   * Percent-decodes as the real server (Starlette) does: a malformed escape such as {@code %zz}
   * stays as it is, bytes that are no UTF-8 become U+FFFD; {@code +} is a space.
   */
  static String decode(String raw) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()
          && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '+') {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      params.putIfAbsent(key, value);
    }
    return params;
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
    api.close();
  }
}
