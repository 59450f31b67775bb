package ovload.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A drain polls at its deadline: a task finished 0.9 s before the drain ended is seen finished. */
class DrainPollsTest {
  private static final long S = 1_000_000_000L;

  /** The times of a drain's polls, each poll taking no time. */
  private static List<Double> polls(double timeoutSeconds, double intervalSeconds) {
    DrainPolls drain = new DrainPolls((long) (timeoutSeconds * S), (long) (intervalSeconds * S));
    List<Double> at = new ArrayList<>();
    long now = 0;
    for (Optional<Duration> next = Optional.of(Duration.ZERO); next.isPresent(); next = drain.pauseAfterPollAt(now)) {
      now += next.get().toNanos();
      at.add(now / (double) S);
    }
    return at;
  }

  @Test
  void aTimeoutAtOrBelowTheIntervalStillPollsAtTheDeadline() {
    assertEquals(List.of(0.0, 1.0), polls(1, 2), "a 2 s pause would have skipped the poll at 1 s");
    assertEquals(List.of(0.0, 1.0), polls(1, 1));
  }

  @Test
  void theLastPauseIsShortenedToTheDeadline() {
    assertEquals(List.of(0.0, 2.0, 4.0, 5.0), polls(5, 2));
    assertEquals(List.of(0.0), polls(0, 1), "no time to wait: one poll");
  }
}
