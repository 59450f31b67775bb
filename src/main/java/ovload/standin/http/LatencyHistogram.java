package ovload.standin.http;

import java.util.Locale;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * One series of a Prometheus histogram over OpenViking 0.5.2's latency buckets: observed from many
 * threads without locks or allocation, written as its {@code _bucket}, {@code _sum} and {@code _count}
 * lines.
 */
final class LatencyHistogram {
  /** OpenViking 0.5.2's buckets for every latency histogram ({@code DEFAULT_LATENCY_BUCKETS}), in seconds. */
  static final double[] BUCKETS = {0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0};

  private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
  private final LongAdder count = new LongAdder();
  private final DoubleAdder sum = new DoubleAdder();

  LatencyHistogram() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
  }

  void observe(double seconds) {
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        buckets[i].increment();
      }
    }
    count.increment();
    sum.add(seconds);
  }

  long count() {
    return count.sum();
  }

  /**
   * The series' lines; {@code labels} are the series' other labels, {@code le} goes in at its
   * alphabetical place among them ({@code before} and {@code after} it), as OpenViking writes it.
   */
  void write(StringBuilder out, String name, String before, String after) {
    String sep = before.isEmpty() || after.isEmpty() ? "" : ",";
    for (int i = 0; i < BUCKETS.length; i++) {
      bucket(out, name, before, after, Double.toString(BUCKETS[i]), buckets[i].sum());
    }
    bucket(out, name, before, after, "+Inf", count.sum());
    out.append(name).append("_count{").append(before).append(sep).append(after).append("} ").append(count.sum()).append('\n');
    out.append(name).append("_sum{").append(before).append(sep).append(after).append("} ")
        .append(String.format(Locale.ROOT, "%.6f", sum.sum())).append('\n');
  }

  private static void bucket(StringBuilder out, String name, String before, String after, String le, long value) {
    out.append(name).append("_bucket{").append(before).append(before.isEmpty() ? "" : ",").append("le=\"").append(le)
        .append('"').append(after.isEmpty() ? "" : ",").append(after).append("} ").append(value).append('\n');
  }
}
