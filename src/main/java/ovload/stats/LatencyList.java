package ovload.stats;

import java.util.Arrays;

/**
 * A growable primitive list of latencies, sorted once when read. Exact percentiles need every
 * value; 8 bytes each (no boxing) keeps 5 million events' groups well inside a 512 MiB heap,
 * where an HdrHistogram would trade exactness for a bound we do not need. Public for the mock model
 * provider's stats ({@code ovload.mockmodel.ModelStats}) and the sweep table. Not thread-safe: callers lock.
 */
public final class LatencyList {
  private double[] values = new double[16];
  private int size;
  private boolean sorted = true;

  public void add(double value) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size + (size >> 1));
    }
    if (size > 0 && value < values[size - 1]) {
      sorted = false;
    }
    values[size++] = value;
  }

  public int size() {
    return size;
  }

  public Double percentile(double p) {
    sort();
    return Percentiles.of(values, size, p);
  }

  public Double max() {
    sort();
    return size == 0 ? null : values[size - 1];
  }

  public double sum() {
    double total = 0;
    for (int i = 0; i < size; i++) {
      total += values[i];
    }
    return total;
  }

  public long countAbove(double threshold) {
    sort();
    int lo = 0;
    int hi = size;
    while (lo < hi) { // first index with value > threshold
      int mid = (lo + hi) >>> 1;
      if (values[mid] > threshold) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return size - lo;
  }

  /** The sorted values (a view: do not modify). */
  public double[] sortedValues() {
    sort();
    return values;
  }

  private void sort() {
    if (!sorted) {
      Arrays.sort(values, 0, size);
      sorted = true;
    }
  }
}
