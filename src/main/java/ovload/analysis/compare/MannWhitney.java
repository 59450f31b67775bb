package ovload.analysis.compare;

import org.apache.commons.statistics.inference.MannWhitneyUTest;
import org.apache.commons.statistics.inference.PValueMethod;

/**
 * The two-sided Mann–Whitney U test, computed as {@code scipy.stats.mannwhitneyu} does: U of the
 * first sample from mid-ranks; the exact null distribution when both samples have at most
 * {@link #EXACT_MAX} values and no ties (scipy's {@code method="exact"}), else the normal
 * approximation with the tie correction of the variance and a continuity correction of 0.5
 * ({@code method="asymptotic"}, {@code use_continuity=True}). It asks whether one sample tends to be
 * larger than the other, with no assumption on the shape of latency distributions.
 *
 * <p>Commons Statistics computes it; the exact method is asked for only up to {@link #EXACT_MAX} a
 * side because its own automatic choice goes further than scipy's, and it falls back to the normal
 * approximation by itself when values tie.
 *
 * @param u U of the first sample (the number of pairs in which it is the larger, ties counting half)
 * @param p the two-sided p-value
 * @param exact whether p comes from the exact distribution
 */
public record MannWhitney(double u, double p, boolean exact) {
  static final int EXACT_MAX = 20;

  private static final MannWhitneyUTest EXACT = MannWhitneyUTest.withDefaults().with(PValueMethod.EXACT);
  private static final MannWhitneyUTest ASYMPTOTIC = MannWhitneyUTest.withDefaults().with(PValueMethod.ASYMPTOTIC);

  public static MannWhitney test(double[] x, double[] y) {
    if (x.length == 0 || y.length == 0) {
      throw new IllegalArgumentException("Mann-Whitney U needs a value on each side");
    }
    boolean small = x.length <= EXACT_MAX && y.length <= EXACT_MAX;
    MannWhitneyUTest.Result r = (small ? EXACT : ASYMPTOTIC).test(x, y);
    // every value tied leaves no spread in the ranks: the library's NaN means no evidence of a difference
    double p = Double.isNaN(r.getPValue()) ? 1 : r.getPValue();
    return new MannWhitney(r.getStatistic(), p, small && !r.hasTiedValues());
  }
}
