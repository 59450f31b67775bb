package ovload.report.model;

import java.util.Map;
import java.util.TreeMap;
import ovload.model.Interruption;
import ovload.recording.RequestEvent;
import ovload.stats.LatencyList;
import ovload.support.PythonFormat;

/**
 * Everything one group of request events adds up to, gathered in the single pass over the events.
 * A call a signal cut off ({@link Interruption}) is a request, shown in {@code status_codes}, but
 * neither a success nor a failure, and its cut-off time is no latency: rates and percentiles are
 * those of the calls that came to an end.
 */
final class RequestGroup {
  final LatencyList latencies = new LatencyList();
  /** The successful requests' latencies, for findings that must not mix in failures (null: not kept). */
  final LatencyList successLatencies;
  /** Open model: each request's latency from its scheduled arrival, beside {@link #latencies}' own. */
  final LatencyList fromIntended = new LatencyList();
  /** Open model: latency from intended start minus latency, per request. */
  final LatencyList intendedGaps = new LatencyList();
  long successes;
  long interrupted;
  private final Map<String, Long> statusCounts = new TreeMap<>();
  private double firstStart = Double.POSITIVE_INFINITY;
  private double lastEnd = Double.NEGATIVE_INFINITY;

  /** A window's group keeps counts and all latencies only; a summary group keeps the rest too. */
  RequestGroup(boolean summary) {
    this.successLatencies = summary ? new LatencyList() : null;
  }

  void add(RequestEvent e) {
    String key = e.statusCode() != null ? e.statusCode().toString()
        : e.exceptionType() != null ? e.exceptionType() : "ok";
    statusCounts.merge(key, 1L, Long::sum);
    firstStart = Math.min(firstStart, e.elapsedMsSinceRunStart());
    lastEnd = Math.max(lastEnd, e.elapsedMsSinceRunStart() + e.latencyMs());
    if (!e.success() && Interruption.is(e.exceptionType())) {
      interrupted++;
      return;
    }
    latencies.add(e.latencyMs());
    if (e.success()) {
      successes++;
      if (successLatencies != null) {
        successLatencies.add(e.latencyMs());
      }
    }
    if (successLatencies != null && e.latencyFromIntendedMs() != null) {
      fromIntended.add(e.latencyFromIntendedMs());
      intendedGaps.add(e.latencyFromIntendedMs() - e.latencyMs());
    }
  }

  /** Requests, interrupted ones included. */
  int size() {
    return latencies.size() + (int) interrupted;
  }

  /** The script's estimate_event_span_seconds: from the first start to the last end. */
  double spanSeconds() {
    if (size() < 2) {
      return 1e-9;
    }
    return Math.max((lastEnd - firstStart) / 1000.0, 1e-9);
  }

  RequestStats stats(String adapter, String scenario, String operation, double durationSeconds) {
    long n = size();
    long ended = n - interrupted;
    return new RequestStats(
        adapter, scenario, operation, n, successes, ended - successes,
        ended == 0 ? 0.0 : PythonFormat.round(successes / (double) ended * 100.0, 4),
        PythonFormat.round(n / Math.max(durationSeconds, 1e-9), 4),
        ended == 0 ? null : PythonFormat.round(latencies.sum() / ended, 4),
        PythonFormat.roundOptional(latencies.percentile(50)),
        PythonFormat.roundOptional(latencies.percentile(90)),
        PythonFormat.roundOptional(latencies.percentile(95)),
        PythonFormat.roundOptional(latencies.percentile(99)),
        PythonFormat.roundOptional(latencies.max()),
        latencies.countAbove(1000), latencies.countAbove(3000), latencies.countAbove(5000),
        statusCodesJson());
  }

  /** Python's {@code json.dumps(counts, sort_keys=True)}. */
  private String statusCodesJson() {
    StringBuilder json = new StringBuilder("{");
    statusCounts.forEach((key, count) -> {
      if (json.length() > 1) {
        json.append(", ");
      }
      json.append('"').append(key.replace("\\", "\\\\").replace("\"", "\\\"")).append("\": ").append(count);
    });
    return json.append('}').toString();
  }
}
