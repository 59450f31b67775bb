package ovload.analysis.compare;

/**
 * When a change counts: significance level (after Holm's correction), the minimum effect on a row's
 * p50 or p95 across runs, both relative and absolute (a change must pass both), and the resamples and
 * seed of the bootstrap that describes two single runs.
 */
public record Thresholds(double alpha, double minEffectPercent, double minEffectMs, int resamples, long seed) {
  public static final Thresholds DEFAULTS = new Thresholds(0.05, 10, 2, 1000, 1);

  public Thresholds {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("--alpha must be between 0 and 1, e.g. 0.05");
    }
    if (minEffectPercent < 0 || minEffectMs < 0) {
      throw new IllegalArgumentException("--min-effect-percent and --min-effect-ms must be 0 or more");
    }
    if (resamples < 100) {
      throw new IllegalArgumentException("--resamples must be at least 100 (default 1000)");
    }
  }

  /** Whether a move from {@code baseline} by {@code difference} passes both minimums. */
  boolean material(double baseline, double difference) {
    return Math.abs(difference) >= minEffectMs && Math.abs(difference) >= minEffectPercent / 100 * Math.abs(baseline);
  }
}
