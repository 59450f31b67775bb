package ovload.serverside.metrics;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVPrinter;
import ovload.recording.CsvLog;
import ovload.recording.RunClock;
import ovload.support.DaemonThreads;
import ovload.support.Json;

/**
 * Scrapes the server's Prometheus {@code /metrics} once a second into {@code server_metrics.csv}
 * (long format: {@code elapsed_sec,timestamp,metric,labels,value}; counters and histogram buckets
 * as the server gives them) and each family's type into {@code server_metrics_types.json}. A series
 * gets a row on the first scrape and whenever its value changes: most of the server's series stand
 * still, and a reader carries the last value forward. The scrape runs on its own daemon thread and
 * costs the server one request a second.
 */
public final class MetricsScraper implements AutoCloseable {
  public static final String FILE = "server_metrics.csv";
  public static final String TYPES_FILE = "server_metrics_types.json";
  static final String[] HEADER = {"elapsed_sec", "timestamp", "metric", "labels", "value"};

  /** Whether the server answered the probe with metrics, and why not. */
  public record Probe(boolean on, String why) {}

  private final HttpClient http;
  private final URI url;
  private final RunClock clock;
  private final Path dir;
  private final CSVPrinter out;
  private final Map<String, Double> last = new HashMap<>();
  private final Map<String, String> types = new TreeMap<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ovload-metrics"));

  private MetricsScraper(HttpClient http, URI url, RunClock clock, Path dir) throws IOException {
    this.http = http;
    this.url = url;
    this.clock = clock;
    this.dir = dir;
    Writer writer = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8);
    this.out = new CSVPrinter(writer, CsvLog.FORMAT);
    out.printRecord((Object[]) HEADER);
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  }

  /** One GET of the URL: on when it answers 200 with samples in the text format. */
  public static Probe probe(String url) {
    try {
      HttpResponse<String> reply = client().send(request(URI.create(url)), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() == 404) {
        return new Probe(false, url + " answers 404" + (reply.body().contains("disabled")
            ? " \"" + reply.body().strip() + "\" (OpenViking: set server.observability.metrics.enabled to true in ov.conf)" : ""));
      }
      if (reply.statusCode() != 200) {
        return new Probe(false, url + " answers HTTP " + reply.statusCode());
      }
      if (PromText.parse(reply.body()).samples().isEmpty()) {
        return new Probe(false, url + " answers no samples");
      }
      return new Probe(true, url + " answers in the Prometheus text format");
    } catch (IOException | IllegalArgumentException e) {
      return new Probe(false, url + " cannot be read: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Probe(false, "the probe of " + url + " was interrupted");
    }
  }

  /** Starts scraping every second, the first scrape now. */
  public static MetricsScraper start(String url, RunClock clock, Path dir) throws IOException {
    MetricsScraper scraper = new MetricsScraper(client(), URI.create(url), clock, dir);
    scraper.timer.scheduleAtFixedRate(scraper::scrape, 0, 1, TimeUnit.SECONDS);
    return scraper;
  }

  private static HttpRequest request(URI url) {
    return HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build();
  }

  private void scrape() {
    try {
      long now = clock.nanos();
      HttpResponse<String> reply = http.send(request(url), HttpResponse.BodyHandlers.ofString());
      if (reply.statusCode() != 200) {
        return;
      }
      PromText.Scrape scrape = PromText.parse(reply.body());
      String elapsed = String.format(Locale.ROOT, "%.3f", clock.elapsedMs(now) / 1000);
      String timestamp = clock.iso(now);
      synchronized (this) {
        types.putAll(scrape.types());
        for (PromText.Sample s : scrape.samples()) {
          String labels = s.labelText();
          Double before = last.put(s.name() + "{" + labels, s.value());
          if (before == null || Double.compare(before, s.value()) != 0) {
            out.printRecord(elapsed, timestamp, s.name(), labels, number(s.value()));
          }
        }
        out.flush();
      }
    } catch (IOException | RuntimeException e) {
      // a missed scrape leaves a gap; the next one carries on
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** One last scrape, so that the file ends with the state at the close, then the types. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(3, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scrape();
    synchronized (this) {
      try {
        out.close();
        Json.PRETTY.writeValue(dir.resolve(TYPES_FILE).toFile(), types);
      } catch (IOException ignored) {
        // the rows so far are flushed already
      }
    }
  }
}
