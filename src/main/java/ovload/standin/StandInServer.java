package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ovload.support.DaemonThreads;

/**
 * An embedded OpenViking stand-in: the routes, headers, envelopes and error codes of the real
 * server's HTTP API, with real behaviour behind them ({@link StandInApi}). Binds loopback only.
 */
public final class StandInServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StandInConfig config;
  private final NettyFront http;
  private final ExecutorService threads;
  private final StandInApi api;
  private final Faults faults;

  private StandInServer(StandInConfig config) {
    this.config = config;
    this.faults = new Faults(config.seed(), config.taskFailureRate(), config.unavailableRate(), config.jitter(),
        config.modelErrorRate());
    this.api = new StandInApi(config, faults);
    this.threads = Executors.newFixedThreadPool(config.httpThreads(), DaemonThreads.named("standin-http"));
    this.http = new NettyFront(config.port(), config.maxBodyBytes(), threads, this::exchange, this::rejected);
  }

  public static StandInServer start(StandInConfig config) {
    return new StandInServer(config);
  }

  public int port() {
    return http.port();
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

  private NettyFront.Response exchange(NettyFront.Request request) {
    long start = System.nanoTime();
    String requestId = request.header("X-Request-ID");
    int status;
    Object body;
    try {
      if (request.decodeError() != null) {
        throw ApiException.invalid("malformed HTTP request: " + request.decodeError());
      }
      String target = request.target();
      int q = target.indexOf('?');
      String path = decode(q < 0 ? target : target.substring(0, q), false);
      String rawQuery = q < 0 ? null : target.substring(q + 1);
      if (path.equals("/health") && request.method().equals("GET")) {
        status = 200;
        body = api.health();
      } else {
        java.util.regex.Matcher[] matched = new java.util.regex.Matcher[1];
        StandInApi.Handler handler = api.resolve(request.method(), path, matched);
        StandInApi.Identity identity = authenticate(request);
        if (faults.unavailable()) {
          throw new ApiException("UNAVAILABLE", "injected unavailability");
        }
        JsonNode json = json(request);
        OperationTelemetry telemetry = OperationTelemetry.askedBy(path, json);
        StandInApi.Reply reply = handler.handle(new StandInApi.Call(identity, matched[0], query(rawQuery),
            json, upload(request, path), telemetry));
        status = 200;
        Map<String, Object> envelope = envelope(reply);
        if (telemetry.asked()) {
          envelope.put("telemetry", telemetry.report());
        }
        body = envelope;
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
    return response(status, body, requestId, start);
  }

  private static NettyFront.Response response(int status, Object body, String requestId, long startNanos) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Request-ID", requestId != null ? requestId : UUID.randomUUID().toString());
    headers.put("Content-Type", "application/json");
    headers.put("X-Process-Time", String.format("%.6f", (System.nanoTime() - startNanos) / 1e9));
    return new NettyFront.Response(status, headers, bytes);
  }

  /** What the HTTP layer answers by itself: a body over the cap. */
  private NettyFront.Response rejected(String why) {
    return response(413, error(ApiException.tooLarge(config.maxBodyBytes())), null, System.nanoTime());
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
  private StandInApi.Identity authenticate(NettyFront.Request request) {
    String account = request.header("X-OpenViking-Account");
    String user = request.header("X-OpenViking-User");
    if (config.authMode().equals("trusted")) {
      String key = request.header("X-API-Key");
      String authorization = request.header("Authorization");
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

  private JsonNode json(NettyFront.Request request) {
    String type = request.header("Content-Type");
    if (type != null && type.toLowerCase().startsWith("multipart/")) {
      return null;
    }
    if (request.body().length == 0) {
      return null;
    }
    try {
      return JSON.readTree(request.body());
    } catch (java.io.IOException e) {
      long offset = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getCharOffset() : 0;
      throw ApiException.validation("body." + Math.max(0, offset), "JSON decode error", "json_invalid");
    }
  }

  private Multipart upload(NettyFront.Request request, String path) {
    String type = request.header("Content-Type");
    if (!path.equals("/api/v1/resources/temp_upload") || type == null || !type.toLowerCase().startsWith("multipart/")) {
      return null;
    }
    return Multipart.parse(type, request.body());
  }

  /**
   * Percent-decodes as the real server (Starlette) does: a malformed escape such as {@code %zz}
   * stays as it is, bytes that are no UTF-8 become U+FFFD; {@code +} is a space.
   */
  static String decode(String raw, boolean plusIsSpace) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()
          && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
      params.putIfAbsent(key, value);
    }
    return params;
  }

  @Override
  public void close() {
    http.close();
    threads.shutdownNow();
    api.close();
  }
}
