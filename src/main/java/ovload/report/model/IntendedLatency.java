package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import ovload.support.PythonFormat;

/**
 * One open-model group's latency two ways, over the same requests: from the actual send ({@code
 * latency_ms}) and from the open model's scheduled arrival ({@code latency_from_intended_ms}, the
 * coordinated-omission correction). The gap is time a request waited on the generator's side before
 * it was sent. Written to {@code intended_latency.csv} (not one of the spec's files) and the summary.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"adapter", "scenario", "operation", "requests", "p50_ms", "p50_from_intended_ms", "p95_ms",
    "p95_from_intended_ms", "p99_ms", "p99_from_intended_ms", "gap_p50_ms", "gap_p95_ms", "gap_max_ms"})
public record IntendedLatency(
    String adapter,
    String scenario,
    String operation,
    long requests,
    Double p50Ms,
    Double p50FromIntendedMs,
    Double p95Ms,
    Double p95FromIntendedMs,
    Double p99Ms,
    Double p99FromIntendedMs,
    Double gapP50Ms,
    Double gapP95Ms,
    Double gapMaxMs) {

  public static final String FILE = "intended_latency.csv";
  /** A gap below this is the clock's and the injector's own jitter: the arrivals were sent on time. */
  static final double ON_TIME_MS = 2.0;

  static IntendedLatency of(String adapter, String scenario, String operation, RequestGroup g) {
    return new IntendedLatency(adapter, scenario, operation, g.fromIntended.size(),
        PythonFormat.roundOptional(g.latencies.percentile(50)), PythonFormat.roundOptional(g.fromIntended.percentile(50)),
        PythonFormat.roundOptional(g.latencies.percentile(95)), PythonFormat.roundOptional(g.fromIntended.percentile(95)),
        PythonFormat.roundOptional(g.latencies.percentile(99)), PythonFormat.roundOptional(g.fromIntended.percentile(99)),
        PythonFormat.roundOptional(g.intendedGaps.percentile(50)), PythonFormat.roundOptional(g.intendedGaps.percentile(95)),
        PythonFormat.roundOptional(g.intendedGaps.max()));
  }

  /** One line reading the gap across the open-model groups: on time, or how long arrivals waited. */
  public static String reading(List<IntendedLatency> rows) {
    IntendedLatency worst = rows.stream().max(java.util.Comparator.comparingDouble(r -> r.gapP95Ms() == null ? 0 : r.gapP95Ms()))
        .orElseThrow();
    if (worst.gapP95Ms() == null || worst.gapP95Ms() < ON_TIME_MS) {
      return "Arrivals were sent on schedule: in every open-model group 95 % of the requests started within "
          + PythonFormat.fixed(ON_TIME_MS, 0) + " ms of their scheduled arrival, so the two latencies agree.";
    }
    return "Some arrivals waited on the generator before they were sent: in `" + worst.adapter() + "` " + worst.scenario() + " "
        + worst.operation() + " the gap is " + PythonFormat.fixed(worst.gapP50Ms(), 1) + " ms at the median and "
        + PythonFormat.fixed(worst.gapP95Ms(), 1) + " ms at p95 (max " + PythonFormat.fixed(worst.gapMaxMs(), 1)
        + " ms): read the latency from the intended start as what a user waited.";
  }
}
