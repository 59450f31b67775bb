package ovload.analysis.aggregate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;

/**
 * Across-run statistics of one figure (qps, a percentile): median, mean, sample standard
 * deviation, a 95 % confidence interval of the mean (Student's t), coefficient of variation,
 * min and max. One run is an anecdote; these say how much to trust a difference.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunStatistics(int runs, double median, double mean, double stddev, double ci95Low, double ci95High,
    double cv, double min, double max) {

  /** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
  private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
    2.056, 2.052, 2.048, 2.045, 2.042};

  public static RunStatistics of(double[] values) {
    int n = values.length;
    if (n == 0) {
      throw new IllegalArgumentException("no runs");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double mean = Arrays.stream(values).sum() / n;
    double sd = n < 2 ? 0 : Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / (n - 1));
    double half = n < 2 ? 0 : t975(n - 1) * sd / Math.sqrt(n);
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    return new RunStatistics(n, median, mean, sd, mean - half, mean + half, mean == 0 ? 0 : sd / mean, sorted[0], sorted[n - 1]);
  }

  /** t(0.975, df): the table up to 30, then the Cornish-Fisher expansion around the normal quantile. */
  static double t975(int df) {
    if (df <= 30) {
      return T975[df - 1];
    }
    double z = 1.959963984540054;
    double g1 = (Math.pow(z, 3) + z) / 4;
    double g2 = (5 * Math.pow(z, 5) + 16 * Math.pow(z, 3) + 3 * z) / 96;
    return z + g1 / df + g2 / ((double) df * df);
  }
}
