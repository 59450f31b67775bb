package ovload.stats;

/**
 * The spec's percentile: linear interpolation between closest ranks, rank = p/100 x (n-1), on a
 * sorted array. Exact, not estimated: the report keeps every latency (see {@link LatencyList}).
 */
public final class Percentiles {
  private Percentiles() {}

  /** The p-th percentile of {@code sorted[0..n)}, or null when n is 0. */
  public static Double of(double[] sorted, int n, double p) {
    if (n == 0) {
      return null;
    }
    if (n == 1) {
      return sorted[0];
    }
    double rank = p / 100.0 * (n - 1);
    int lower = (int) Math.floor(rank);
    int upper = (int) Math.ceil(rank);
    if (lower == upper) {
      return sorted[lower];
    }
    return sorted[lower] + (sorted[upper] - sorted[lower]) * (rank - lower);
  }
}
