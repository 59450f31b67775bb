package ovload.gatling;

import java.time.Duration;
import java.util.Optional;

/**
 * When a drain polls its pending tasks: at once, every poll interval, and once more at its
 * deadline, never past it. Pausing a whole interval and then finding the deadline passed would
 * skip that last poll: with a drain timeout at or below the interval, a task finished just before
 * the drain ended would be reported unfinished.
 */
record DrainPolls(long deadlineNanos, long intervalNanos) {
  /** After a poll at {@code nowNanos}: the pause before the next one, or none when that poll was the last. */
  Optional<Duration> pauseAfterPollAt(long nowNanos) {
    if (nowNanos >= deadlineNanos) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofNanos(Math.max(1_000_000, Math.min(intervalNanos, deadlineNanos - nowNanos))));
  }
}
