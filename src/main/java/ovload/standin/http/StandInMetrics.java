package ovload.standin.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The stand-in's {@code GET /metrics}: what it does under OpenViking 0.5.2's metric names, in the
 * Prometheus text format, so that a run against it shows the report's "Inside the server" section:
 * {@code openviking_http_request_duration_seconds} (histogram, OpenViking's buckets) and
 * {@code openviking_http_requests_total} per route (the route's path pattern, its parameters as
 * {@code {param}}), method and status; {@code openviking_http_inflight_requests}; and its queues'
 * {@code openviking_queue_pending}, {@code _in_progress} and {@code _processed_total}; and its
 * simulated model calls ({@link ModelCalls}).
 */
public final class StandInMetrics {
  /** One queue's counts as {@code /metrics} shows them. */
  public record QueueGauge(String queue, long pending, long inProgress, long processed) {}

  private record Key(String route, String method, int status) {}

  /** A route pattern's regex groups, which its label shows as {@code {param}}. */
  private static final Pattern GROUP = Pattern.compile("\\([^)]*\\)");

  private final Map<Key, LatencyHistogram> requests = new ConcurrentHashMap<>();
  /** Each route pattern's label, made once: a request only looks it up. */
  private final Map<String, String> routeLabels = new ConcurrentHashMap<>();
  private final AtomicLong inflight = new AtomicLong();
  private final Supplier<List<QueueGauge>> queues;
  private final ModelCalls modelCalls;

  public StandInMetrics(Supplier<List<QueueGauge>> queues, ModelCalls modelCalls) {
    this.queues = queues;
    this.modelCalls = modelCalls;
  }

  void requestStarted() {
    inflight.incrementAndGet();
  }

  /** A request ended: its route's pattern (null when no route served it), method, status, duration. */
  void requestEnded(String routePattern, String method, int status, double seconds) {
    inflight.decrementAndGet();
    String route = routePattern == null ? "/__unmatched__"
        : routeLabels.computeIfAbsent(routePattern, p -> GROUP.matcher(p).replaceAll("{param}"));
    requests.computeIfAbsent(new Key(route, method, status), k -> new LatencyHistogram()).observe(seconds);
  }

  /** The exposition, as OpenViking's exporter writes it. */
  byte[] render() {
    StringBuilder out = new StringBuilder();
    Map<String, LatencyHistogram> sorted = new TreeMap<>();
    requests.forEach((k, h) -> sorted.put(labels(k), h));
    out.append("# HELP openviking_http_requests_total HTTP requests\n# TYPE openviking_http_requests_total counter\n");
    sorted.forEach((labels, h) -> out.append("openviking_http_requests_total{").append(labels).append("} ").append(h.count()).append('\n'));
    out.append("# HELP openviking_http_request_duration_seconds HTTP request duration\n")
        .append("# TYPE openviking_http_request_duration_seconds histogram\n");
    sorted.forEach((labels, h) -> h.write(out, "openviking_http_request_duration_seconds", "", labels));
    out.append("# HELP openviking_http_inflight_requests HTTP requests in flight\n# TYPE openviking_http_inflight_requests gauge\n")
        .append("openviking_http_inflight_requests{route=\"/__unmatched__\"} ").append(inflight.get()).append(".0\n");
    List<QueueGauge> gauges = queues.get();
    gauge(out, "openviking_queue_pending", "gauge", gauges, QueueGauge::pending);
    gauge(out, "openviking_queue_in_progress", "gauge", gauges, QueueGauge::inProgress);
    gauge(out, "openviking_queue_processed_total", "counter", gauges, QueueGauge::processed);
    modelCalls.write(out);
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
