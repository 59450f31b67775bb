package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One row of {@code request_summary.csv}: a group's counts, rate and exact latency percentiles,
 * rounded as the spec says. Gates and run comparison read these, not their own computation. Its
 * properties, in order, are the columns of {@code request_summary.csv} and {@code adapter_comparison.csv}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"adapter", "scenario", "operation", "requests", "successes", "failures", "success_rate", "qps",
    "avg_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "slow_gt_1s", "slow_gt_3s", "slow_gt_5s", "status_codes"})
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
    @JsonProperty("slow_gt_1s") long slowGt1s,
    @JsonProperty("slow_gt_3s") long slowGt3s,
    @JsonProperty("slow_gt_5s") long slowGt5s,
    String statusCodes) {

  /** Failure rate in percent, of the requests that came to an end (a call a signal cut off did not). */
  public double failureRatePercent() {
    long ended = requests - interrupted();
    return ended == 0 ? 0 : failures * 100.0 / ended;
  }

  /** Calls a signal cut off: neither successes nor failures ({@code status_codes} names them {@code Interrupted}). */
  @JsonIgnore
  public long interrupted() {
    return requests - successes - failures;
  }
}
