package ovload.standin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints the stand-in's /health throughput and its find latency over 1,000 processed documents
 * (instant model mode). A benchmark, not a test: run it with
 * {@code mvn -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=ovload.standin.StandInBenchmark}.
 */
public final class StandInBenchmark {
  private StandInBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clients = 8;
    int seconds = 5;
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest health = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/health")).build();
      for (int i = 0; i < 2000; i++) { // JIT warm-up
        http.send(health, HttpResponse.BodyHandlers.discarding());
      }
      AtomicLong done = new AtomicLong();
      long deadline = System.nanoTime() + seconds * 1_000_000_000L;
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      for (int c = 0; c < clients; c++) {
        pool.submit(() -> {
          while (System.nanoTime() < deadline) {
            http.send(health, HttpResponse.BodyHandlers.discarding());
            done.incrementAndGet();
          }
          return null;
        });
      }
      pool.shutdown();
      pool.awaitTermination(seconds + 30, java.util.concurrent.TimeUnit.SECONDS);
      System.out.printf("/health: %d requests in %d s over %d keep-alive clients = %.0f req/s%n",
          done.get(), seconds, clients, done.get() / (double) seconds);

      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "default");
      String[] words = {"benchmark", "retrieval", "latency", "session", "commit", "memory", "queue", "ingestion"};
      for (int i = 0; i < 1000; i++) {
        api.addResource("viking://resources/bench/doc-" + i + ".md", "# Doc " + i + "\n\n" + words[i % 8] + " "
            + words[(i * 7) % 8] + " document number " + i + " about OpenViking load.\n\nMore text " + words[(i * 3) % 8], false);
      }
      api.post("/api/v1/system/wait", "{\"timeout\":120}");
      int queries = 2000;
      double[] latencies = new double[queries];
      for (int i = 0; i < queries; i++) {
        long start = System.nanoTime();
        RawHttp.Reply r = api.post("/api/v1/search/find", "{\"query\":\"" + words[i % 8] + " latency\",\"target_uri\":\"viking://resources/bench\",\"limit\":10}");
        latencies[i] = (System.nanoTime() - start) / 1e6;
        if (r.status() != 200) {
          throw new IllegalStateException(r.raw().body());
        }
      }
      Arrays.sort(latencies);
      System.out.printf("find over 1000 processed documents, %d sequential queries: p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms%n",
          queries, latencies[queries / 2], latencies[(int) (queries * 0.95)], latencies[(int) (queries * 0.99)], latencies[queries - 1]);
    }
  }
}
