package ovload.report.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of {@code request_summary.csv}: a group's counts, rate and exact latency percentiles,
 * rounded as the spec says. Gates and run comparison read these, not their own computation.
 */
public record RequestStats(
    String adapter,
    String scenario,
    String operation,
    long requests,
    long successes,
    long failures,
    double successRate,
    double qps,
    Double avgMs,
    Double p50Ms,
    Double p90Ms,
    Double p95Ms,
    Double p99Ms,
    Double maxMs,
    long slowGt1s,
    long slowGt3s,
    long slowGt5s,
    String statusCodes) {

  public static final String[] COLUMNS = {
    "adapter", "scenario", "operation", "requests", "successes", "failures", "success_rate", "qps", "avg_ms",
    "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "slow_gt_1s", "slow_gt_3s", "slow_gt_5s", "status_codes"
  };

  /** Failure rate in percent. */
  public double failureRatePercent() {
    return requests == 0 ? 0 : failures * 100.0 / requests;
  }

  public Map<String, Object> row() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("adapter", adapter);
    row.put("scenario", scenario);
    row.put("operation", operation);
    row.put("requests", requests);
    row.put("successes", successes);
    row.put("failures", failures);
    row.put("success_rate", successRate);
    row.put("qps", qps);
    row.put("avg_ms", avgMs);
    row.put("p50_ms", p50Ms);
    row.put("p90_ms", p90Ms);
    row.put("p95_ms", p95Ms);
    row.put("p99_ms", p99Ms);
    row.put("max_ms", maxMs);
    row.put("slow_gt_1s", slowGt1s);
    row.put("slow_gt_3s", slowGt3s);
    row.put("slow_gt_5s", slowGt5s);
    row.put("status_codes", statusCodes);
    return row;
  }
}
