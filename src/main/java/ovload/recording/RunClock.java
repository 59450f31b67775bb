package ovload.recording;

import java.time.Instant;
import ovload.support.Timestamps;

/**
 * The run's time base: wall-clock stamps for {@code started_at}/{@code ended_at}, and a monotonic
 * clock for latencies and {@code elapsed_ms_since_run_start}, so that a clock adjustment during the
 * run cannot bend a latency.
 */
public final class RunClock {
  /** The text of one second, {@code yyyy-MM-ddTHH:mm:ss.}: every stamp of that second starts with it. */
  private record SecondText(long epochSecond, String prefix) {}

  private volatile SecondText lastSecond = new SecondText(Long.MIN_VALUE, "");
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

  /**
   * {@link Timestamps#isoFromEpochMillis} of a monotonic reading, with the second's text formatted
   * once per second, not per stamp: every request event takes two stamps.
   */
  public String iso(long nanos) {
    long millis = epochMillis(nanos);
    long second = Math.floorDiv(millis, 1000L);
    SecondText text = lastSecond;
    if (text.epochSecond() != second) {
      String full = Timestamps.isoFromEpochMillis(second * 1000L);
      text = new SecondText(second, full.substring(0, full.length() - "000Z".length()));
      lastSecond = text;
    }
    int ms = (int) Math.floorMod(millis, 1000L);
    return new StringBuilder(text.prefix().length() + 4).append(text.prefix())
        .append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10)).append('Z')
        .toString();
  }

  public String isoNow() {
    return Timestamps.iso(Instant.now());
  }
}
