package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
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
      if (path.equals("/health")) {
        status = 200;
        body = api.health();
      } else {
        String tenant = authenticate(exchange);
        if (faults.unavailable()) {
          throw new ApiException("UNAVAILABLE", "injected unavailability");
        }
        JsonNode json = json(exchange);
        OperationTelemetry telemetry = OperationTelemetry.askedBy(path, json);
        Object result = api.handle(tenant, exchange.getRequestMethod(), path, query(exchange), json,
            upload(exchange, path), telemetry);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("status", "ok");
        envelope.put("result", result);
        if (telemetry.asked()) {
          envelope.put("telemetry", telemetry.report());
        }
        status = 200;
        body = envelope;
      }
    } catch (ApiException e) {
      status = e.status;
      body = error(e.code, e.getMessage(), e.details);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      body = error("UNAVAILABLE", "shutting down", Map.of());
    } catch (RuntimeException e) {
      status = 500;
      body = error("INTERNAL", e.toString(), Map.of());
    }
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.getResponseHeaders().set("X-Process-Time", String.format("%.6f", (System.nanoTime() - start) / 1e9));
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static Map<String, Object> error(String code, String message, Map<String, Object> details) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("message", message);
    error.put("details", details);
    return Map.of("status", "error", "error", error);
  }

  /** The identity of an authenticated request, as {@code account/user}. */
  private String authenticate(HttpExchange exchange) {
    var headers = exchange.getRequestHeaders();
    String account = headers.getFirst("X-OpenViking-Account");
    String user = headers.getFirst("X-OpenViking-User");
    if (config.authMode().equals("trusted")) {
      String key = headers.getFirst("X-API-Key");
      String authorization = headers.getFirst("Authorization");
      if (key == null && authorization != null && authorization.startsWith("Bearer ")) {
        key = authorization.substring("Bearer ".length());
      }
      if (key == null || !java.security.MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
          config.apiKey().getBytes(StandardCharsets.UTF_8))) {
        throw new ApiException("UNAUTHENTICATED", "missing or wrong API key");
      }
      if (account == null || account.isEmpty() || user == null || user.isEmpty()) {
        throw ApiException.invalid("trusted mode needs the X-OpenViking-Account and X-OpenViking-User headers");
      }
    }
    return (account == null || account.isEmpty() ? "default" : account) + "/"
        + (user == null || user.isEmpty() ? "default" : user);
  }

  private byte[] readBody(HttpExchange exchange) throws IOException {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null && Long.parseLong(length) > config.maxBodyBytes()) {
      throw new ApiException("PAYLOAD_TOO_LARGE", "body over " + config.maxBodyBytes() + " bytes");
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(config.maxBodyBytes() + 1);
      if (bytes.length > config.maxBodyBytes()) {
        throw new ApiException("PAYLOAD_TOO_LARGE", "body over " + config.maxBodyBytes() + " bytes");
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
      throw ApiException.invalid("malformed JSON body: " + e.getOriginalMessage());
    }
  }

  private Multipart upload(HttpExchange exchange, String path) throws IOException {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (!path.equals("/api/v1/resources/temp_upload") || type == null || !type.toLowerCase().startsWith("multipart/")) {
      return null;
    }
    return Multipart.parse(type, readBody(exchange));
  }

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> params = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
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
