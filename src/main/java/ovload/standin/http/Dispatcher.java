package ovload.standin.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import ovload.support.Json;

/**
 * One request's way from the wire to its answer, in the real server's order: the route (404/405),
 * then who asks (401/400), then an injected unavailability (503), then the body (400 on bad JSON),
 * then the handler. Every answer is JSON in its envelope, with {@code X-Request-ID} (echoed or
 * new) and {@code X-Process-Time}; {@code GET /health} alone answers without route or key
 * (it reports the identity a key or identity headers name, and refuses a wrong key, as 0.5.2), and
 * {@code GET /metrics} ({@link StandInMetrics}) in the Prometheus text format, as the real server does.
 */
public final class Dispatcher {
  private static final String TEMP_UPLOAD = "/api/v1/resources/temp_upload";

  private final Authenticator authenticator;
  private final RouteTable routes;
  private final Function<Identity, Object> health;
  private final BooleanSupplier unavailable;
  private final int maxBodyBytes;
  private final StandInMetrics metrics;

  /**
   * @param health the body of {@code GET /health} for the identity it presented (null: none)
   * @param unavailable whether this request is to be answered 503 UNAVAILABLE (the fault)
   * @param maxBodyBytes the body cap, for the 413 the HTTP layer answers by itself
   * @param metrics what {@code GET /metrics} shows, fed by every exchange
   */
  public Dispatcher(Authenticator authenticator, RouteTable routes, Function<Identity, Object> health, BooleanSupplier unavailable,
      int maxBodyBytes, StandInMetrics metrics) {
    this.authenticator = authenticator;
    this.routes = routes;
    this.health = health;
    this.unavailable = unavailable;
    this.maxBodyBytes = maxBodyBytes;
    this.metrics = metrics;
  }

  public NettyFront.Response exchange(NettyFront.Request request) {
    if (request.method().equals("GET") && request.target().equals("/metrics")) {
      return new NettyFront.Response(200, Map.of("Content-Type", "text/plain; version=0.0.4; charset=utf-8"), metrics.render());
    }
    long start = System.nanoTime();
    metrics.requestStarted();
    String requestId = request.header("X-Request-ID");
    String route = null;
    int status;
    Object body;
    try {
      if (request.decodeError() != null) {
        throw ApiException.invalid("malformed HTTP request: " + request.decodeError());
      }
      String target = request.target();
      int q = target.indexOf('?');
      String path = Query.decode(q < 0 ? target : target.substring(0, q), false);
      String rawQuery = q < 0 ? null : target.substring(q + 1);
      if (path.equals("/health") && request.method().equals("GET")) {
        status = 200;
        body = health.apply(authenticator.identifyForHealth(request));
      } else {
        RouteTable.Match match = routes.resolve(request.method(), path);
        route = match.path().pattern().pattern();
        Identity identity = authenticator.identify(request);
        if (unavailable.getAsBoolean()) {
          throw new ApiException("UNAVAILABLE", "injected unavailability");
        }
        JsonNode json = json(request);
        OperationTelemetry telemetry = OperationTelemetry.askedBy(path, json);
        Reply reply = match.handler().handle(new Call(identity, match.path(), Query.parse(rawQuery), json,
            upload(request, path), telemetry));
        status = 200;
        body = Envelopes.success(reply, telemetry.asked() ? telemetry.report() : null);
      }
    } catch (ApiException e) {
      status = e.status;
      body = Envelopes.error(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = 503;
      body = Envelopes.error(new ApiException("UNAVAILABLE", "shutting down"));
    } catch (RuntimeException e) {
      status = 500;
      body = Envelopes.error(new ApiException("INTERNAL", "Internal server error"));
    }
    metrics.requestEnded(route, request.method(), status, (System.nanoTime() - start) / 1e9);
    return response(status, body, requestId, start);
  }

  /** What the HTTP layer answers by itself: a body over the cap. */
  public NettyFront.Response rejected(String why) {
    return response(413, Envelopes.error(ApiException.tooLarge(maxBodyBytes)), null, System.nanoTime());
  }

  private static NettyFront.Response response(int status, Object body, String requestId, long startNanos) {
    byte[] bytes;
    boolean raw = body instanceof byte[]; // a download: the bytes as they are
    try {
      bytes = raw ? (byte[]) body : Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Request-ID", requestId != null ? requestId : UUID.randomUUID().toString());
    headers.put("Content-Type", raw ? "application/octet-stream" : "application/json");
    headers.put("X-Process-Time", String.format("%.6f", (System.nanoTime() - startNanos) / 1e9));
    return new NettyFront.Response(status, headers, bytes);
  }

  private static JsonNode json(NettyFront.Request request) {
    String type = request.header("Content-Type");
    if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return null;
    }
    if (request.body().length == 0) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(request.body());
    } catch (IOException e) {
      long offset = e instanceof JsonProcessingException j && j.getLocation() != null ? j.getLocation().getCharOffset() : 0;
      throw ApiException.validation("body." + Math.max(0, offset), "JSON decode error", "json_invalid");
    }
  }

  private static Multipart upload(NettyFront.Request request, String path) {
    String type = request.header("Content-Type");
    if (!path.equals(TEMP_UPLOAD) || type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
      return null;
    }
    return Multipart.parse(type, request.body());
  }
}
