package ovload.standin;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import ovload.stats.LatencyList;
import ovload.stats.Settling;

/**
 * Brings a freshly started stand-in to its settled speed before anyone measures it: a new JVM
 * interprets, then compiles, its hot paths over thousands of requests, and a load test's first
 * phase would measure that instead of the server. It drives the stand-in's own routes over
 * loopback (the HTTP front included) as an identity no run uses, on data of its own, as a
 * retrieval phase does: {@link #WORKERS} concurrent clients drawing find, search, grep and glob in
 * that phase's proportions, with the same bodies (telemetry asked for), and the other routes a run
 * uses now and then. It goes on in rounds of {@link #ROUND_NANOS} until a round's median find time
 * (the server's own, {@code X-Process-Time}) stays within {@link #SETTLED} of the round before,
 * {@link #SETTLED_ROUNDS} times in a row ({@link Settling}), or {@link #MAX_NANOS} passes. Then it
 * removes its data and sessions.
 */
public final class WarmUp {
  /** How close two rounds' medians must be for the latency to count as settled. */
  static final double SETTLED = 0.10;
  /** How many rounds in a row must be that close. */
  static final int SETTLED_ROUNDS = 3;
  private static final long MAX_NANOS = 20_000_000_000L;
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int MIN_ROUNDS = 4;
  /** Concurrent clients: as many as a retrieval phase's default workers keep busy on a small machine. */
  private static final int WORKERS = 4;
  private static final String ACCOUNT = "ovload-standin-warmup";
  private static final String ROOT = "viking://resources/ovload-standin-warmup";
  private static final String SESSION = "ovload-standin-warmup";
  private static final List<String> WORDS = List.of("retrieval", "latency", "queue", "memory", "session", "commit",
      "index", "throughput", "resource", "summary");

  /** What the warm-up did: its time, its rounds, the first and the last round's median find time. */
  public record Result(double seconds, int rounds, double firstMedianMs, double lastMedianMs) {
    @Override
    public String toString() {
      return String.format("warmed up in %.1f s (%d rounds; find's own time, median %.2f ms in the first, "
          + "%.2f ms in the last)", seconds, rounds, firstMedianMs, lastMedianMs);
    }
  }

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String key;

  private WarmUp(StandInServer server) {
    this.base = server.baseUrl();
    this.key = server.config().apiKey();
  }

  /** Warms {@code server} up; it serves requests meanwhile (nobody else knows its port yet). */
  public static Result run(StandInServer server) throws InterruptedException {
    return new WarmUp(server).run();
  }

  private Result run() throws InterruptedException {
    long start = System.nanoTime();
    for (int i = 0; i < WORDS.size(); i++) {
      add("doc" + i, document(i));
    }
    for (int i = 0; i < 6; i++) {
      send("POST", "/api/v1/sessions/" + SESSION + "/messages", "{\"role\":\"" + (i % 2 == 0 ? "user" : "assistant")
          + "\",\"content\":\"about " + WORDS.get(i) + " and its figures\"}");
    }
    Settling settling = new Settling(SETTLED, SETTLED_ROUNDS, MIN_ROUNDS);
    while (System.nanoTime() - start < MAX_NANOS && !settling.settled()) {
      settling.add(round(settling.rounds()));
    }
    send("DELETE", "/api/v1/fs?uri=" + q(ROOT) + "&recursive=true&wait=true", null);
    send("DELETE", "/api/v1/sessions/" + SESSION, null);
    send("POST", "/api/v1/system/wait", "{}");
    return new Result((System.nanoTime() - start) / 1e9, settling.rounds(), settling.first(), settling.last());
  }

  /** One round: the workers send the retrieval mix for its time; returns its median find time in milliseconds. */
  private double round(int number) throws InterruptedException {
    LatencyList finds = new LatencyList();
    long end = System.nanoTime() + ROUND_NANOS;
    Thread[] workers = new Thread[WORKERS];
    for (int w = 0; w < WORKERS; w++) {
      int worker = w;
      workers[w] = new Thread(() -> {
        try {
          for (int i = 0; System.nanoTime() < end; i++) {
            request(number * 7 + worker * 3 + i, finds);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "standin-warmup-" + w);
      workers[w].start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    send("GET", "/api/v1/fs/ls?uri=" + q(ROOT), null);
    send("GET", "/api/v1/content/read?uri=" + q(ROOT + "/doc" + (number % WORDS.size()) + "/doc"
        + (number % WORDS.size()) + ".md"), null);
    send("POST", "/api/v1/sessions/" + SESSION + "/messages", "{\"role\":\"user\",\"content\":\"about "
        + WORDS.get(number % WORDS.size()) + "\"}");
    send("POST", "/api/v1/sessions/" + SESSION + "/commit", "{}");
    send("GET", "/api/v1/observer/queue", null);
    Double median;
    synchronized (finds) {
      median = finds.percentile(50);
    }
    return median == null ? Double.NaN : median;
  }

  /**
   * The n-th request of the retrieval mix (find, search, grep and glob as a run's retrieval phase
   * weighs them), with that phase's bodies.
   */
  private void request(int n, LatencyList finds) throws InterruptedException {
    String word = WORDS.get(n % WORDS.size());
    switch (n % 20) {
      case 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 -> {
        HttpResponse<Void> find = send("POST", "/api/v1/search/find", "{\"query\":\"" + word
            + " figures\",\"target_uri\":\"" + ROOT + "\",\"limit\":10,\"telemetry\":true}");
        // the server's own time, as it reports it: a busy machine's scheduling delays stay out
        if (find != null) {
          find.headers().firstValue("X-Process-Time").ifPresent(t -> {
            synchronized (finds) {
              finds.add(Double.parseDouble(t) * 1000);
            }
          });
        }
      }
      case 11, 12, 13, 14, 15 -> send("POST", "/api/v1/search/search", "{\"query\":\"" + word
          + " queue\",\"target_uri\":\"" + ROOT + "\",\"session_id\":\"" + SESSION
          + "\",\"limit\":10,\"telemetry\":true}");
      case 16, 17 -> send("POST", "/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"" + word
          + "\",\"case_insensitive\":false,\"node_limit\":10}");
      default -> send("POST", "/api/v1/search/glob", "{\"pattern\":\"**/*.md\",\"uri\":\"" + ROOT
          + "\",\"node_limit\":10}");
    }
  }

  /** A document about the size of a run's, on words of its own. */
  private static String document(int i) {
    StringBuilder text = new StringBuilder("# Warm-up " + i + "\n\n");
    for (int p = 0; p < 4; p++) {
      text.append(String.join(" ", rotate((i + p) % WORDS.size()))).append(".\n\nAnother paragraph about ")
          .append(WORDS.get((i + p + 3) % WORDS.size())).append(" and its figures.\n\n");
    }
    return text.toString();
  }

  private static List<String> rotate(int by) {
    List<String> words = new ArrayList<>(WORDS.subList(by, WORDS.size()));
    words.addAll(WORDS.subList(0, by));
    return words;
  }

  private void add(String name, String content) throws InterruptedException {
    String boundary = "ovloadwarmupboundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
        + ".md\"\r\nContent-Type: text/markdown\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    HttpResponse<String> uploaded = exchange(request("/api/v1/resources/temp_upload")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    if (uploaded == null) {
      return;
    }
    String answer = uploaded.body();
    String tempId = answer.replaceAll("(?s).*\"temp_file_id\":\"([^\"]+)\".*", "$1");
    send("POST", "/api/v1/resources", "{\"temp_file_id\":\"" + tempId + "\",\"to\":\"" + ROOT + "/" + name
        + "\",\"wait\":true,\"source_name\":\"" + name + ".md\"}");
  }

  private HttpResponse<Void> send(String method, String path, String json) throws InterruptedException {
    HttpRequest.Builder request = request(path);
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    return exchange(request.build(), HttpResponse.BodyHandlers.discarding());
  }

  /**
   * One request, tried twice: a connection the server closed under the client is no reason to
   * stop warming up. Null when both tries fail (that request is then left out).
   */
  private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body)
      throws InterruptedException {
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        return http.send(request, body);
      } catch (IOException e) {
        // tried again, then left out
      }
    }
    return null;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).header("X-API-Key", key)
        .header("X-OpenViking-Account", ACCOUNT).header("X-OpenViking-User", "warmup");
  }

  private static String q(String uri) {
    return URLEncoder.encode(uri, StandardCharsets.UTF_8);
  }
}
