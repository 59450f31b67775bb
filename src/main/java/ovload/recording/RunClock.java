package ovload.recording;

import java.time.Instant;
import ovload.support.Timestamps;

/**
 * The run's time base: wall-clock stamps for {@code started_at}/{@code ended_at}, and a monotonic
 * clock for latencies and {@code elapsed_ms_since_run_start}, so that a clock adjustment during the
 * run cannot bend a latency.
 */
public final class RunClock {
  private volatile long startNanos;
  private volatile long startEpochMillis;

  public RunClock() {
    restart();
  }

  /** Starts the clock anew: a planned run's time begins with its first phase, not when it was built. */
  public void restart() {
    this.startNanos = System.nanoTime();
    this.startEpochMillis = System.currentTimeMillis();
  }

  public long startEpochMillis() {
    return startEpochMillis;
  }

  public long nanos() {
    return System.nanoTime();
  }

  /** Milliseconds since the run started, for a monotonic reading. */
  public double elapsedMs(long nanos) {
    return (nanos - startNanos) / 1_000_000.0;
  }

  /** The wall-clock epoch millis of a monotonic reading. */
  public long epochMillis(long nanos) {
    return startEpochMillis + (nanos - startNanos) / 1_000_000L;
  }

  public String iso(long nanos) {
    return Timestamps.isoFromEpochMillis(epochMillis(nanos));
  }

  public String isoNow() {
    return Timestamps.iso(Instant.now());
  }
}
