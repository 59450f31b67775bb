package ovload.analysis.compare;

import java.util.Arrays;
import org.apache.commons.statistics.distribution.TDistribution;
import org.apache.commons.statistics.inference.DataDispersion;
import org.apache.commons.statistics.inference.TTest;

/**
 * How one figure of a row (its p50 or its p95) moved across repeated runs: Welch's t-test on the
 * logarithm of each run's figure, so that the effect is a ratio (the candidate's geometric mean over
 * the baseline's) and a 95 % interval of that ratio, as benchstat reports a change across runs. The
 * run is the unit of evidence: requests of one run share one machine state and one process start, so
 * they cannot show how much two runs of the same system differ.
 *
 * @param pAdjusted p after Holm's correction over every test of the compare; NaN until then, or when
 *     a side has fewer than two runs (no spread to test against)
 */
public record RunShift(int baselineN, int candidateN, double baselineMs, double candidateMs, double t, double df,
    double p, double pAdjusted, double ratioLow, double ratioHigh) {

  static RunShift of(double[] baseline, double[] candidate) {
    double[] b = logs(baseline);
    double[] c = logs(candidate);
    double meanB = mean(b);
    double meanC = mean(c);
    double baselineMs = Math.exp(meanB);
    double candidateMs = Math.exp(meanC);
    if (b.length < 2 || c.length < 2) {
      return new RunShift(b.length, c.length, baselineMs, candidateMs, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN, Double.NaN);
    }
    double d = meanC - meanB;
    double varB = variance(b, meanB) / b.length;
    double varC = variance(c, meanC) / c.length;
    if (varB + varC == 0) { // every run of each side gave the same figure: any difference is certain, none is none
      double p = d == 0 ? 1 : 0;
      return new RunShift(b.length, c.length, baselineMs, candidateMs, d == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, d),
          b.length + c.length - 2, p, Double.NaN, Math.exp(d), Math.exp(d));
    }
    TTest.Result welch = TTest.withDefaults().with(DataDispersion.HETEROSCEDASTIC).test(c, b);
    double half = TDistribution.of(welch.getDegreesOfFreedom()).inverseSurvivalProbability(0.025) * Math.sqrt(varB + varC);
    return new RunShift(b.length, c.length, baselineMs, candidateMs, welch.getStatistic(), welch.getDegreesOfFreedom(),
        welch.getPValue(), Double.NaN, Math.exp(d - half), Math.exp(d + half));
  }

  RunShift withAdjusted(double adjusted) {
    return new RunShift(baselineN, candidateN, baselineMs, candidateMs, t, df, p, adjusted, ratioLow, ratioHigh);
  }

  boolean testable() {
    return !Double.isNaN(p);
  }

  /** Candidate over baseline, of the geometric means of the runs' figures. */
  public double ratio() {
    return candidateMs / baselineMs;
  }

  /**
   * +1 when the figure significantly rose (corrected p below alpha, the interval above 1, and both
   * minimum effects passed by the geometric means), -1 when it fell so, else 0.
   */
  int direction(Thresholds thresholds) {
    boolean changed = pAdjusted < thresholds.alpha() && (ratioLow > 1 || ratioHigh < 1)
        && thresholds.material(baselineMs, candidateMs - baselineMs);
    return !changed ? 0 : candidateMs > baselineMs ? 1 : -1;
  }

  /** Latencies of 0 ms (a row of instant answers rounded down) would have no logarithm: a microsecond floor. */
  private static double[] logs(double[] values) {
    return Arrays.stream(values).map(v -> Math.log(Math.max(v, 0.001))).toArray();
  }

  private static double mean(double[] values) {
    return Arrays.stream(values).average().orElse(Double.NaN);
  }

  /** Zero for runs that all gave the same figure, though their computed mean may differ from it in the last bit. */
  private static double variance(double[] values, double mean) {
    if (Arrays.stream(values).allMatch(v -> v == values[0])) {
      return 0;
    }
    return Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (values.length - 1);
  }
}
