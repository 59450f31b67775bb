package ovload.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Says when a latency has settled, round by round: after at least {@code minRounds} rounds, the
 * median of each of the last {@code inARow} rounds lies within {@code tolerance} of the round
 * before it. A warming JVM's latency falls round after round; one close pair can be chance, several
 * in a row much less so. The stand-in's warm-up and the load generator's end on it. Thread-safe.
 */
public final class Settling {
  private final double tolerance;
  private final int inARow;
  private final int minRounds;
  private final List<Double> medians = new ArrayList<>();
  private int close;

  public Settling(double tolerance, int inARow, int minRounds) {
    this.tolerance = tolerance;
    this.inARow = inARow;
    this.minRounds = minRounds;
  }

  /** One round's median; a round without one (NaN) breaks the run of close rounds. */
  public synchronized void add(double median) {
    Double before = medians.isEmpty() ? null : medians.get(medians.size() - 1);
    medians.add(median);
    boolean near = before != null && !Double.isNaN(median) && !before.isNaN()
        && Math.abs(median - before) <= tolerance * before;
    close = near ? close + 1 : 0;
  }

  public synchronized boolean settled() {
    return medians.size() >= minRounds && close >= inARow;
  }

  public synchronized int rounds() {
    return medians.size();
  }

  /** The first round's median, NaN before any. */
  public synchronized double first() {
    return medians.isEmpty() ? Double.NaN : medians.get(0);
  }

  /** The last round's median, NaN before any. */
  public synchronized double last() {
    return medians.isEmpty() ? Double.NaN : medians.get(medians.size() - 1);
  }
}
