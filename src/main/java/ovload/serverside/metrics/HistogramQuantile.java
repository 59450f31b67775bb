package ovload.serverside.metrics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A quantile of a Prometheus histogram over a window, from the increase of its cumulative buckets
 * in that window, computed the way PromQL's {@code histogram_quantile(q, increase(x_bucket[w]))}
 * does (Prometheus' documentation of {@code histogram_quantile}; promql/quantile.go,
 * {@code bucketQuantile}): the rank {@code q * count} falls in the first bucket whose cumulative count
 * reaches it, and the value is interpolated linearly between that bucket's lower and upper bound, as
 * if its observations were spread evenly; the lowest bucket's lower bound is 0 (when its upper bound
 * is positive); a rank in the {@code +Inf} bucket answers the highest finite bound. A bucket count
 * lower than the one before it (a counter reset seen through rounding) is raised to it, as Prometheus
 * does.
 *
 * <p>The interpolated value is an assumption, not a measurement: all the buckets say is that the
 * quantile lies in {@code (lower, upper]} ("error is limited in the dimension of observed values by
 * the width of the relevant bucket", Prometheus, "Histograms and summaries"). So the bucket travels
 * with the value, and a value whose bucket is wider than {@link #FINE_WIDTH} of its upper bound, or
 * is the {@code +Inf} bucket, is {@link #onlyBucketRange() only that bucket's range}.
 *
 * @param value Prometheus' answer: the interpolation, or the highest finite bound for the +Inf bucket
 * @param lower the lower bound of the bucket the quantile falls in (negative infinity below a lowest bucket whose bound is not positive)
 * @param upper its upper bound ({@code +Inf} for the top bucket)
 */
public record HistogramQuantile(double value, double lower, double upper) {
  /** The widest bucket, relative to its upper bound, whose interpolated value is printed as a figure. */
  public static final double FINE_WIDTH = 0.10;

  /** One cumulative bucket: its upper bound {@code le} and how many observations were at most that. */
  public record Bucket(double upperBound, double count) {}

  /** The q-quantile (0..1) in the buckets' unit; null with no observation or no +Inf bucket. */
  public static HistogramQuantile of(double q, List<Bucket> cumulative) {
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
      double top = buckets.get(buckets.size() - 2).upperBound();
      return new HistogramQuantile(top, top, Double.POSITIVE_INFINITY);
    }
    double upper = buckets.get(b).upperBound();
    if (b == 0 && upper <= 0) {
      return new HistogramQuantile(upper, Double.NEGATIVE_INFINITY, upper);
    }
    double lower = b == 0 ? 0 : buckets.get(b - 1).upperBound();
    double below = b == 0 ? 0 : buckets.get(b - 1).count();
    double inBucket = buckets.get(b).count() - below;
    double value = inBucket <= 0 ? upper : lower + (upper - lower) * (rank - below) / inBucket;
    return new HistogramQuantile(value, lower, upper);
  }

  /** The quantile lies above the highest finite bound: its value is that bound, a floor. */
  public boolean aboveTopBucket() {
    return upper == Double.POSITIVE_INFINITY;
  }

  /** The value says no more than its bucket: the bucket is wider than {@link #FINE_WIDTH} of its upper bound, or unbounded. */
  public boolean onlyBucketRange() {
    return upper - lower > FINE_WIDTH * Math.abs(upper) || Double.isInfinite(upper - lower);
  }

  /** Both quantiles fall in one bucket, so the buckets show no change between them. */
  public boolean sameBucket(HistogramQuantile other) {
    return other != null && lower == other.lower && upper == other.upper;
  }

  /** The same quantile in another unit (seconds to milliseconds: 1000). */
  public HistogramQuantile scaled(double factor) {
    return new HistogramQuantile(value * factor, lower * factor, upper * factor);
  }
}
