package ovload.analysis.compare;

import java.util.Arrays;

/**
 * The two-sided Mann–Whitney U test, computed as {@code scipy.stats.mannwhitneyu} does: U of the
 * first sample from mid-ranks; the exact null distribution when both samples have at most
 * {@link #EXACT_MAX} values and no ties (scipy's {@code method="exact"}), else the normal
 * approximation with the tie correction of the variance and a continuity correction of 0.5
 * ({@code method="asymptotic"}, {@code use_continuity=True}). It asks whether one sample tends to be
 * larger than the other, with no assumption on the shape of latency distributions.
 *
 * @param u U of the first sample (the number of pairs in which it is the larger, ties counting half)
 * @param p the two-sided p-value
 * @param exact whether p comes from the exact distribution
 */
public record MannWhitney(double u, double p, boolean exact) {
  static final int EXACT_MAX = 20;

  public static MannWhitney test(double[] x, double[] y) {
    int n1 = x.length;
    int n2 = y.length;
    if (n1 == 0 || n2 == 0) {
      throw new IllegalArgumentException("Mann-Whitney U needs a value on each side");
    }
    double[] all = new double[n1 + n2];
    System.arraycopy(x, 0, all, 0, n1);
    System.arraycopy(y, 0, all, n1, n2);
    Integer[] order = new Integer[all.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (a, b) -> Double.compare(all[a], all[b]));
    double rankSumX = 0;
    double tieTerm = 0; // sum of t^3 - t over groups of tied values
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && all[order[j + 1]] == all[order[i]]) {
        j++;
      }
      double midRank = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        if (order[k] < n1) {
          rankSumX += midRank;
        }
      }
      double t = j - i + 1;
      tieTerm += t * t * t - t;
      i = j + 1;
    }
    double u1 = rankSumX - n1 * (n1 + 1) / 2.0;
    double uMax = Math.max(u1, (double) n1 * n2 - u1);
    if (tieTerm == 0 && n1 <= EXACT_MAX && n2 <= EXACT_MAX) {
      return new MannWhitney(u1, Math.min(1, 2 * exactUpperTail(n1, n2, (int) uMax)), true);
    }
    double n = n1 + n2;
    double sd = Math.sqrt(n1 * (double) n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1))));
    double p = sd == 0 ? 1 : Math.min(1, 2 * normalSf((uMax - n1 * (double) n2 / 2 - 0.5) / sd));
    return new MannWhitney(u1, p, false);
  }

  /**
   * P(U >= u) when every arrangement of the two samples is equally likely: the number of arrangements
   * of i and j values with U = v follows c(i, j, v) = c(i - 1, j, v - j) + c(i, j - 1, v).
   */
  static double exactUpperTail(int n1, int n2, int u) {
    double[][][] c = new double[n1 + 1][n2 + 1][];
    for (int i = 0; i <= n1; i++) {
      for (int j = 0; j <= n2; j++) {
        double[] counts = new double[i * j + 1];
        if (i == 0 || j == 0) {
          counts[0] = 1;
        } else {
          for (int v = 0; v < counts.length; v++) {
            double withLargestInX = v - j >= 0 && v - j < c[i - 1][j].length ? c[i - 1][j][v - j] : 0;
            double withLargestInY = v < c[i][j - 1].length ? c[i][j - 1][v] : 0;
            counts[v] = withLargestInX + withLargestInY;
          }
        }
        c[i][j] = counts;
      }
    }
    double[] counts = c[n1][n2];
    double total = 0;
    double tail = 0;
    for (int v = 0; v < counts.length; v++) {
      total += counts[v];
      tail += v >= u ? counts[v] : 0;
    }
    return tail / total;
  }

  /** P(Z > z) for a standard normal Z. */
  static double normalSf(double z) {
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /**
   * The complementary error function to about 1e-15 relative: below 3 from the series of erf with
   * positive terms (no cancellation inside the sum), from 3 on Laplace's continued fraction, which is
   * where the series' 1 - erf would lose digits.
   */
  static double erfc(double x) {
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 3) {
      double term = x;
      double sum = x;
      for (int n = 1; term > sum * 1e-17; n++) {
        term *= 2 * x * x / (2 * n + 1);
        sum += term;
      }
      return 1 - 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) * sum;
    }
    double f = x;
    for (int k = 80; k >= 1; k--) {
      f = x + (k / 2.0) / f;
    }
    return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
}
