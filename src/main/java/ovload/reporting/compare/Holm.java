package ovload.reporting.compare;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Holm's step-down correction of p-values for many rows: the family-wise error rate stays at the
 * chosen level (a compare of 40 rows at 0.05 would otherwise expect two false alarms). Chosen over
 * Benjamini–Hochberg because a build gate wants no false regression at all, not a bounded share of them.
 */
final class Holm {
  private Holm() {}

  /** Adjusted p-values in the input's order: the k-th smallest times (m - k + 1), made monotone, at most 1. */
  static double[] adjust(double[] p) {
    int m = p.length;
    Integer[] order = new Integer[m];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble(i -> p[i]));
    double[] adjusted = new double[m];
    double running = 0;
    for (int k = 0; k < m; k++) {
      running = Math.max(running, Math.min(1, (m - k) * p[order[k]]));
      adjusted[order[k]] = running;
    }
    return adjusted;
  }
}
