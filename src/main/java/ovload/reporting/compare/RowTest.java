package ovload.reporting.compare;

/**
 * One row's significance test: the samples' sizes (requests, or runs across plans), Mann–Whitney U and
 * its p-value, the p-value after Holm's correction over every tested row, and the bootstrap interval of
 * the tested figure's difference (p95 of the requests, or the median of the runs' p95s).
 */
public record RowTest(int baselineN, int candidateN, MannWhitney mannWhitney, double pHolm, Bootstrap difference) {

  static RowTest of(double[] baseline, double[] candidate, double percentile, Thresholds t, long seed) {
    return new RowTest(baseline.length, candidate.length, MannWhitney.test(baseline, candidate), Double.NaN,
        Bootstrap.difference(baseline, candidate, percentile, t.resamples(), seed));
  }

  RowTest withHolm(double p) {
    return new RowTest(baselineN, candidateN, mannWhitney, p, difference);
  }

  /** Significant after correction, the interval on one side of zero, and both minimum effects passed. */
  String verdict(Thresholds t) {
    boolean changed = pHolm < t.alpha() && difference.excludesZero() && t.material(difference.baseline(), difference.difference());
    return !changed ? "~" : difference.difference() > 0 ? "regressed" : "improved";
  }
}
