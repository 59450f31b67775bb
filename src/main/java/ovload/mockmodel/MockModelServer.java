package ovload.mockmodel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ovload.support.DaemonThreads;
import ovload.support.Json;
import ovload.support.LoopbackHttpServer;

/**
 * A mock OpenAI-compatible model provider: embeddings, chat completions (plain and streamed) and
 * the model list, with controlled latency, errors and concurrency, so a load test on a real
 * OpenViking server measures the server, not the vendor. Binds loopback only.
 */
public final class MockModelServer implements AutoCloseable {
  private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

  private final MockModelConfig config;
  private final HttpServer http;
  private final ExecutorService threads;
  private final ModelStats stats = new ModelStats();
  private final ModelCalls calls;
  private final LatencyModel latency;
  private final long created = System.currentTimeMillis() / 1000;

  private MockModelServer(MockModelConfig config) {
    this.config = config;
    this.calls = new ModelCalls(config, stats);
    this.latency = new LatencyModel(config.latencyMs(), config.tokenLatencyMs(), config.jitter(), config.seed());
    // unbounded: calls beyond the concurrency limit must wait on the permit (and be counted), not in a pool queue
    this.threads = Executors.newCachedThreadPool(DaemonThreads.named("mockmodel-http"));
    this.http = LoopbackHttpServer.start(config.port(), threads, this::exchange, "mockmodel");
  }

  public static MockModelServer start(MockModelConfig config) {
    return new MockModelServer(config);
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** The OpenAI base URL, what a client's {@code base_url} or OpenViking's {@code api_base} takes. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  public ModelStats stats() {
    return stats;
  }

  private void exchange(HttpExchange exchange) {
    long start = System.nanoTime();
    try {
      route(exchange, start);
    } catch (OpenAiError e) {
      if (e.status == 429) {
        exchange.getResponseHeaders().set("Retry-After", OpenAiError.RETRY_AFTER_SECONDS);
      }
      sendQuietly(exchange, e.status, e.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      sendQuietly(exchange, 503, new OpenAiError(503, "shutting down", "server_error", null, null).body());
    } catch (IOException e) {
      // the client went away mid-answer: nothing left to tell it
    } catch (RuntimeException e) {
      sendQuietly(exchange, 500, new OpenAiError(500, e.toString(), "server_error", null, null).body());
    } finally {
      exchange.close();
    }
  }

  private void route(HttpExchange exchange, long start) throws IOException, InterruptedException {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    switch (path) {
      case "/v1/embeddings" -> {
        expect(method, "POST", path);
        embeddings(exchange, start);
      }
      case "/v1/chat/completions" -> {
        expect(method, "POST", path);
        chat(exchange, start);
      }
      case "/v1/models" -> {
        expect(method, "GET", path);
        send(exchange, 200, Json.MAPPER.writeValueAsBytes(Models.list(config, created)), "application/json");
      }
      case "/mock/stats" -> {
        expect(method, "GET", path);
        send(exchange, 200, Json.MAPPER.writeValueAsBytes(stats.report()), "application/json");
      }
      case "/mock/stats/reset" -> {
        expect(method, "POST", path);
        stats.reset();
        send(exchange, 200, Json.MAPPER.writeValueAsBytes(stats.report()), "application/json");
      }
      default -> {
        if (path.startsWith("/v1/models/") && method.equals("GET")) {
          String id = path.substring("/v1/models/".length());
          send(exchange, 200, Json.MAPPER.writeValueAsBytes(Models.one(config, created, id)), "application/json");
        } else {
          throw OpenAiError.notFound("Invalid URL (" + method + " " + path + ")", null);
        }
      }
    }
  }

  private static void expect(String method, String expected, String path) {
    if (!method.equals(expected)) {
      throw new OpenAiError(405, "Method " + method + " not allowed on " + path + ": use " + expected,
          "invalid_request_error", null, null);
    }
  }

  private void embeddings(HttpExchange exchange, long start) throws IOException, InterruptedException {
    Embeddings.Request request = Embeddings.parse(json(exchange), config);
    try (ModelCalls.Call call = calls.begin(ModelStats.Endpoint.EMBEDDINGS, start)) {
      call.model(latency.callMs(request.inputTokens()));
      send(exchange, 200, Json.MAPPER.writeValueAsBytes(Embeddings.response(request)), "application/json");
      call.answered(request.inputTokens(), 0);
    }
  }

  private void chat(HttpExchange exchange, long start) throws IOException, InterruptedException {
    ChatCompletions.Request request = ChatCompletions.parse(json(exchange), config);
    Prompts.Kind kind = Prompts.kind(request.prompt());
    stats.prompted(kind);
    String reply = ChatCompletions.reply(request, Prompts.reply(kind, request.prompt(), config.reply()));
    int outputTokens = Tokens.count(reply);
    String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    long createdAt = System.currentTimeMillis() / 1000;
    if (!request.stream()) {
      try (ModelCalls.Call call = calls.begin(ModelStats.Endpoint.CHAT, start)) {
        call.model(latency.callMs(outputTokens));
        send(exchange, 200, Json.MAPPER.writeValueAsBytes(ChatCompletions.completion(id, createdAt, request, reply)),
            "application/json");
        call.answered(request.inputTokens(), outputTokens);
      }
      return;
    }
    ChatCompletions.Stream stream = ChatCompletions.stream(id, createdAt, request, reply);
    try (ModelCalls.Call call = calls.begin(ModelStats.Endpoint.CHAT_STREAM, start)) {
      // headers at once, as a vendor sends them; the fixed latency comes before the first chunk
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      call.model(latency.firstChunkMs());
      event(out, stream.role());
      for (ChatCompletions.Chunk chunk : stream.content()) {
        call.model(latency.tokenMs()); // each token's share, so a stream takes as long as the plain reply
        event(out, chunk);
      }
      for (ChatCompletions.Chunk chunk : stream.tail()) {
        event(out, chunk);
      }
      out.write(DONE);
      out.flush();
      call.answered(request.inputTokens(), outputTokens);
    }
  }

  private static void event(OutputStream out, ChatCompletions.Chunk chunk) throws IOException {
    out.write("data: ".getBytes(StandardCharsets.US_ASCII));
    out.write(Json.MAPPER.writeValueAsBytes(chunk));
    out.write("\n\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static JsonNode json(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readAllBytes();
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw OpenAiError.invalid("We could not parse the JSON body of your request: " + e.getOriginalMessage(), null);
    }
  }

  private static void send(HttpExchange exchange, int status, byte[] body, String type) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** An error answer, unless the answer has already begun (a stream): then the connection just ends. */
  private static void sendQuietly(HttpExchange exchange, int status, OpenAiError.Body body) {
    try {
      send(exchange, status, Json.MAPPER.writeValueAsBytes(body), "application/json");
    } catch (IOException e) {
      // headers already sent or the client gone: closing the exchange is all that is left
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
