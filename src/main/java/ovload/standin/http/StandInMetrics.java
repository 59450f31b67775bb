package ovload.standin.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The stand-in's {@code GET /metrics}: what it does under OpenViking 0.5.2's metric names, in the
 * Prometheus text format, so that a run against it shows the report's "Inside the server" section:
 * {@code openviking_http_request_duration_seconds} (histogram, OpenViking's buckets) and
 * {@code openviking_http_requests_total} per route (the route's path pattern, its parameters as
 * {@code {param}}), method and status; {@code openviking_http_inflight_requests}; and its queues'
 * {@code openviking_queue_pending}, {@code _in_progress} and {@code _processed_total}.
 */
public final class StandInMetrics {
  /** OpenViking 0.5.2's buckets for request durations, in seconds. */
  static final double[] BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

  /** One queue's counts as {@code /metrics} shows them. */
  public record QueueGauge(String queue, long pending, long inProgress, long processed) {}

  private record Key(String route, String method, int status) {}

  private static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final LongAdder count = new LongAdder();
    final DoubleAdder sum = new DoubleAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  private final Map<Key, Histogram> requests = new ConcurrentHashMap<>();
  private final AtomicLong inflight = new AtomicLong();
  private final Supplier<List<QueueGauge>> queues;

  public StandInMetrics(Supplier<List<QueueGauge>> queues) {
    this.queues = queues;
  }

  void requestStarted() {
    inflight.incrementAndGet();
  }

  /** A request ended: its route's pattern (null when no route served it), method, status, duration. */
  void requestEnded(String routePattern, String method, int status, double seconds) {
    inflight.decrementAndGet();
    String route = routePattern == null ? "/__unmatched__" : routePattern.replaceAll("\\([^)]*\\)", "{param}");
    Histogram h = requests.computeIfAbsent(new Key(route, method, status), k -> new Histogram());
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        h.buckets[i].increment();
      }
    }
    h.count.increment();
    h.sum.add(seconds);
  }

  /** The exposition, as OpenViking's exporter writes it. */
  byte[] render() {
    StringBuilder out = new StringBuilder();
    Map<String, Histogram> sorted = new TreeMap<>();
    requests.forEach((k, h) -> sorted.put(labels(k), h));
    out.append("# HELP openviking_http_requests_total HTTP requests\n# TYPE openviking_http_requests_total counter\n");
    sorted.forEach((labels, h) -> out.append("openviking_http_requests_total{").append(labels).append("} ").append(h.count.sum()).append('\n'));
    out.append("# HELP openviking_http_request_duration_seconds HTTP request duration\n")
        .append("# TYPE openviking_http_request_duration_seconds histogram\n");
    sorted.forEach((labels, h) -> {
      for (int i = 0; i < BUCKETS.length; i++) {
        out.append("openviking_http_request_duration_seconds_bucket{").append(labels).append(",le=\"").append(BUCKETS[i])
            .append("\"} ").append(h.buckets[i].sum()).append('\n');
      }
      out.append("openviking_http_request_duration_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ")
          .append(h.count.sum()).append('\n');
      out.append("openviking_http_request_duration_seconds_sum{").append(labels).append("} ")
          .append(String.format(Locale.ROOT, "%.6f", h.sum.sum())).append('\n');
      out.append("openviking_http_request_duration_seconds_count{").append(labels).append("} ").append(h.count.sum()).append('\n');
    });
    out.append("# HELP openviking_http_inflight_requests HTTP requests in flight\n# TYPE openviking_http_inflight_requests gauge\n")
        .append("openviking_http_inflight_requests{route=\"/__unmatched__\"} ").append(inflight.get()).append(".0\n");
    List<QueueGauge> gauges = queues.get();
    gauge(out, "openviking_queue_pending", "gauge", gauges, QueueGauge::pending);
    gauge(out, "openviking_queue_in_progress", "gauge", gauges, QueueGauge::inProgress);
    gauge(out, "openviking_queue_processed_total", "counter", gauges, QueueGauge::processed);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void gauge(StringBuilder out, String name, String type, List<QueueGauge> gauges,
      java.util.function.ToLongFunction<QueueGauge> value) {
    out.append("# HELP ").append(name).append(' ').append(name).append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
    for (QueueGauge g : gauges) {
      out.append(name).append("{queue=\"").append(g.queue()).append("\"} ").append(value.applyAsLong(g)).append('\n');
    }
  }

  private static String labels(Key k) {
    return "method=\"" + k.method() + "\",route=\"" + k.route() + "\",status=\"" + k.status() + "\"";
  }
}
