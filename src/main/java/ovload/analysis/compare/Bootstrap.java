package ovload.analysis.compare;

import java.util.Arrays;
import java.util.SplittableRandom;
import ovload.stats.Percentiles;

/**
 * A percentile bootstrap interval for the difference of one percentile between two samples
 * (candidate minus baseline; {@code baseline} is the baseline's percentile): each side is resampled with replacement, the percentile taken, and the
 * 2.5th and 97.5th percentiles of the differences bound the 95 % interval. Seeded, so a compare
 * prints the same interval every time. Each resample costs O(n): values are drawn as counts of the
 * sorted sample, so no resample needs sorting.
 */
public record Bootstrap(double baseline, double difference, double low, double high) {

  static Bootstrap difference(double[] baseline, double[] candidate, double percentile, int resamples, long seed) {
    double[] b = sorted(baseline);
    double[] c = sorted(candidate);
    SplittableRandom random = new SplittableRandom(seed);
    double[] differences = new double[resamples];
    double[] scratchB = new double[b.length];
    double[] scratchC = new double[c.length];
    for (int r = 0; r < resamples; r++) {
      differences[r] = percentileOfResample(c, scratchC, percentile, random) - percentileOfResample(b, scratchB, percentile, random);
    }
    Arrays.sort(differences);
    double before = Percentiles.of(b, b.length, percentile);
    return new Bootstrap(before, Percentiles.of(c, c.length, percentile) - before,
        Percentiles.of(differences, resamples, 2.5), Percentiles.of(differences, resamples, 97.5));
  }

  /** Whether the interval lies wholly on one side of zero. */
  boolean excludesZero() {
    return low > 0 || high < 0;
  }

  private static double percentileOfResample(double[] sorted, double[] scratch, double percentile, SplittableRandom random) {
    int n = sorted.length;
    int[] counts = new int[n];
    for (int i = 0; i < n; i++) {
      counts[random.nextInt(n)]++;
    }
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int times = counts[i]; times > 0; times--) {
        scratch[k++] = sorted[i];
      }
    }
    return Percentiles.of(scratch, n, percentile);
  }

  private static double[] sorted(double[] values) {
    double[] copy = values.clone();
    Arrays.sort(copy);
    return copy;
  }
}
