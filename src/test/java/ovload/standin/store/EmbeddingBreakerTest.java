package ovload.standin.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The breaker's states against a hand-driven clock, as openviking/utils/circuit_breaker.py moves them. */
class EmbeddingBreakerTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final EmbeddingBreaker breaker = new EmbeddingBreaker(60_000, now::get);

  private void fail(int times) {
    for (int i = 0; i < times; i++) {
      breaker.failure();
    }
  }

  @Test
  void fourFailuresKeepItClosedTheFifthOpensItForSixtySeconds() {
    fail(4);
    assertTrue(breaker.allows());
    fail(1);
    assertFalse(breaker.allows());
    now.addAndGet(59_999);
    assertFalse(breaker.allows(), "still open a millisecond before the reset time");
    now.addAndGet(1);
    assertTrue(breaker.allows(), "half open: the probe goes through");
  }

  @Test
  void aSuccessInBetweenResetsTheCount() {
    fail(4);
    breaker.success();
    fail(4);
    assertTrue(breaker.allows());
  }

  @Test
  void aFailedProbeReopensForTwiceAsLongUpToTenTimes() {
    fail(5);
    long window = 60_000;
    for (int round = 0; round < 6; round++) {
      now.addAndGet(window);
      assertTrue(breaker.allows(), "probe after " + window);
      breaker.failure();
      window = Math.min(window * 2, 600_000);
      now.addAndGet(window - 1);
      assertFalse(breaker.allows(), "reopened for " + window);
      now.addAndGet(-(window - 1)); // back to the failed probe: the next round waits the new window
    }
  }

  @Test
  void aSuccessfulProbeClosesItAndRestoresTheBaseWindow() {
    fail(5);
    now.addAndGet(60_000);
    assertTrue(breaker.allows());
    breaker.failure(); // probe fails: 120 s
    now.addAndGet(120_000);
    assertTrue(breaker.allows());
    breaker.success();
    assertFalse(breaker.isOpen());
    fail(5);
    now.addAndGet(60_000);
    assertTrue(breaker.allows(), "back to the 60 s base window");
  }
}
