package ovload.stats;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * An on/off ratio of a benchmark's figure: the geometric mean of paired ratios with a 95 % Student's
 * t interval over their logarithms. Each pair (or run) is one sample, so the machine's drift between
 * pairs does not count as noise, only what differs within a pair. One place for the cost benchmarks'
 * interval.
 */
public record RatioInterval(double estimate, double low, double high, int samples) {
  /** The interval of ratios ({@code on / off}); {@code samples} names them in the error ("pairs", "runs"). */
  public static RatioInterval of(List<Double> ratios, String samples) {
    return ofLogs(ratios.stream().mapToDouble(Math::log).toArray(), samples);
  }

  /** The interval of ratios given as logarithms; needs two or more. */
  public static RatioInterval ofLogs(double[] logs, String samples) {
    int n = logs.length;
    if (n < 2) {
      throw new IllegalArgumentException("an interval needs two " + samples + " or more, got " + n);
    }
    double mean = Arrays.stream(logs).average().orElseThrow();
    double squares = 0;
    for (double x : logs) {
      squares += (x - mean) * (x - mean);
    }
    double half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(squares / (n - 1) / n);
    return new RatioInterval(Math.exp(mean), Math.exp(mean - half), Math.exp(mean + half), n);
  }

  /** Whether the whole interval lies within {@code ±fraction} of no change. */
  public boolean within(double fraction) {
    return low >= 1 - fraction && high <= 1 + fraction;
  }

  public String describe() {
    return String.format(Locale.ROOT, "%+.1f %% (95 %% interval %+.1f to %+.1f %%, n = %d)",
        (estimate - 1) * 100, (low - 1) * 100, (high - 1) * 100, samples);
  }
}
