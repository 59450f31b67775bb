package ovload.report.gates;

import ovload.support.PythonFormat;

/**
 * One ceiling: an adapter's operation (all phases) must keep {@code metric} at or below
 * {@code threshold}. Metrics: {@code p50_ms}, {@code p95_ms}, {@code p99_ms},
 * {@code success_p95_ms} (successful requests only), {@code failure_rate_percent}.
 */
public record Gate(String adapter, String operation, String metric, double threshold) {
  public String name() {
    return operation + " " + metric + " <= " + PythonFormat.repr(threshold);
  }
}
