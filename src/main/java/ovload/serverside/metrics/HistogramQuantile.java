package ovload.serverside.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A quantile of a Prometheus histogram over a window, from the increase of its cumulative buckets
 * in that window, computed the way PromQL's {@code histogram_quantile(q, increase(x_bucket[w]))}
 * does (Prometheus, promql/quantile.go, {@code bucketQuantile}): the rank {@code q * count} falls in
 * the first bucket whose cumulative count reaches it, and the value is interpolated linearly between
 * that bucket's lower and upper bound, as if its observations were spread evenly; the lowest bucket's
 * lower bound is 0 (when its upper bound is positive); a rank in the {@code +Inf} bucket answers the
 * highest finite bound. A bucket count lower than the one before it (a counter reset seen through
 * rounding) is raised to it, as Prometheus does.
 */
public final class HistogramQuantile {
  /** One cumulative bucket: its upper bound {@code le} and how many observations were at most that. */
  public record Bucket(double upperBound, double count) {}

  private HistogramQuantile() {}

  /** The q-quantile (0..1) in the buckets' unit; null with no observation or no +Inf bucket. */
  public static Double quantile(double q, List<Bucket> cumulative) {
    List<Bucket> buckets = new ArrayList<>(cumulative);
    buckets.sort(Comparator.comparingDouble(Bucket::upperBound));
    if (buckets.size() < 2 || buckets.get(buckets.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
      return null;
    }
    double running = 0;
    for (int i = 0; i < buckets.size(); i++) {
      running = Math.max(running, buckets.get(i).count());
      buckets.set(i, new Bucket(buckets.get(i).upperBound(), running));
    }
    double total = buckets.get(buckets.size() - 1).count();
    if (total <= 0) {
      return null;
    }
    double rank = q * total;
    int b = 0;
    while (b < buckets.size() - 1 && buckets.get(b).count() < rank) {
      b++;
    }
    if (b == buckets.size() - 1) {
      return buckets.get(buckets.size() - 2).upperBound();
    }
    double upper = buckets.get(b).upperBound();
    double lower = b == 0 ? (upper > 0 ? 0 : upper) : buckets.get(b - 1).upperBound();
    double below = b == 0 ? 0 : buckets.get(b - 1).count();
    double inBucket = buckets.get(b).count() - below;
    if (inBucket <= 0) {
      return upper;
    }
    return lower + (upper - lower) * (rank - below) / inBucket;
  }
}
