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

/**
 * Brings a freshly started stand-in to its settled speed before anyone measures it: a new JVM
 * interprets, then compiles, its hot paths over thousands of requests, and a load test's first
 * phase would measure that instead of the server. It drives the stand-in's own routes over
 * loopback (the HTTP front included) as an identity no run uses, on data of its own, in rounds,
 * until the median find time of a round (the server's own, {@code X-Process-Time}) stays within
 * {@link #SETTLED} of the round before,
 * twice in a row (or {@link #MAX_NANOS} passes); then it removes its data and sessions.
 */
public final class WarmUp {
  /** How close two rounds' medians must be for the latency to count as settled. */
  static final double SETTLED = 0.10;
  private static final long MAX_NANOS = 20_000_000_000L;
  private static final int MIN_ROUNDS = 4;
  private static final int PER_ROUND = 30;
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
      add("doc" + i, "# Warm-up " + i + "\n\n" + String.join(" ", rotate(i)) + ".\n\n"
          + "Another paragraph about " + WORDS.get((i + 3) % WORDS.size()) + " and its figures.\n");
    }
    List<Double> medians = new ArrayList<>();
    int settledRounds = 0;
    while (System.nanoTime() - start < MAX_NANOS && (medians.size() < MIN_ROUNDS || settledRounds < 2)) {
      medians.add(round(medians.size()));
      int n = medians.size();
      boolean close = n > 1 && Math.abs(medians.get(n - 1) - medians.get(n - 2)) <= SETTLED * medians.get(n - 2);
      settledRounds = close ? settledRounds + 1 : 0;
    }
    send("DELETE", "/api/v1/fs?uri=" + q(ROOT) + "&recursive=true&wait=true", null);
    send("DELETE", "/api/v1/sessions/" + SESSION, null);
    send("POST", "/api/v1/system/wait", "{}");
    return new Result((System.nanoTime() - start) / 1e9, medians.size(), medians.get(0),
        medians.get(medians.size() - 1));
  }

  /** One round of the routes a run uses; returns its median find time in milliseconds. */
  private double round(int number) throws InterruptedException {
    LatencyList finds = new LatencyList();
    for (int i = 0; i < PER_ROUND; i++) {
      String word = WORDS.get((number + i) % WORDS.size());
      HttpResponse<Void> find = send("POST", "/api/v1/search/find", "{\"query\":\"" + word
          + " figures\",\"target_uri\":\"" + ROOT + "\",\"limit\":10}");
      // the server's own time, as it reports it: a busy machine's scheduling delays stay out
      if (find != null) {
        find.headers().firstValue("X-Process-Time").ifPresent(t -> finds.add(Double.parseDouble(t) * 1000));
      }
      send("POST", "/api/v1/sessions/" + SESSION + "/messages", "{\"role\":\"user\",\"content\":\"about " + word
          + "\"}");
      send("POST", "/api/v1/search/search", "{\"query\":\"" + word + "\",\"session_id\":\"" + SESSION
          + "\",\"target_uri\":\"" + ROOT + "\",\"limit\":10}");
      send("POST", "/api/v1/search/grep", "{\"uri\":\"" + ROOT + "\",\"pattern\":\"" + word + "\"}");
      send("GET", "/api/v1/fs/ls?uri=" + q(ROOT), null);
      send("GET", "/api/v1/content/read?uri=" + q(ROOT + "/doc" + (i % WORDS.size()) + "/doc" + (i % WORDS.size())
          + ".md"), null);
    }
    send("POST", "/api/v1/sessions/" + SESSION + "/commit", "{}");
    send("GET", "/api/v1/observer/queue", null);
    Double median = finds.percentile(50);
    return median == null ? Double.NaN : median;
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
