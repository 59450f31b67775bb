package ovload.analysis.sweep;

import java.util.List;
import java.util.Optional;

/**
 * Where a sweep's throughput stops following the load. A step's elasticity is its relative
 * throughput gain over the relative increase of the swept value (1 = throughput grows in
 * proportion, as below saturation). The knee is the last swept value before the first step whose
 * elasticity is below {@link #MIN_ELASTICITY} while p95 rose by more than throughput did: beyond
 * it, more load buys queueing, not work.
 */
public final class Saturation {
  /** A step still scales while throughput grows at least this fraction as fast as the swept value. */
  public static final double MIN_ELASTICITY = 0.10;

  /** One point of a curve: the swept value and the medians across its repetitions. */
  public record Point(double x, double throughputQps, double p95Ms) {}

  /** The knee, with the step after it that showed the saturation. */
  public record Knee(Point at, Point next) {
    public double throughputGain() {
      return next.throughputQps() / at.throughputQps() - 1;
    }

    public double p95Rise() {
      return next.p95Ms() / at.p95Ms() - 1;
    }

    public double elasticity() {
      return Saturation.elasticity(at, next);
    }
  }

  private Saturation() {}

  /** The knee of a curve sorted by x, if the curve has one. */
  public static Optional<Knee> knee(List<Point> curve) {
    for (int i = 1; i < curve.size(); i++) {
      Point before = curve.get(i - 1);
      Point after = curve.get(i);
      if (before.throughputQps() <= 0 || before.p95Ms() <= 0) {
        continue;
      }
      double gain = after.throughputQps() / before.throughputQps() - 1;
      double rise = after.p95Ms() / before.p95Ms() - 1;
      if (elasticity(before, after) < MIN_ELASTICITY && rise > gain) {
        return Optional.of(new Knee(before, after));
      }
    }
    return Optional.empty();
  }

  /** Relative throughput gain over relative increase of x; from x = 0, the gain itself. */
  static double elasticity(Point before, Point after) {
    double gain = after.throughputQps() / before.throughputQps() - 1;
    return before.x() == 0 ? gain : gain / ((after.x() - before.x()) / Math.abs(before.x()));
  }
}
