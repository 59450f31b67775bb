package ovload.standin.store;

import java.util.function.LongSupplier;

/**
 * OpenViking 0.5.2's embedding circuit breaker ({@code openviking/utils/circuit_breaker.py},
 * defaults from {@code EmbeddingCircuitBreakerConfig}): five model failures in a row open it; while
 * open every embedding is refused at once (a find answers 500 INTERNAL, a resource task fails);
 * after the reset time one probe goes through: success closes it, failure reopens it for twice as
 * long, up to ten times the base.
 */
public final class EmbeddingBreaker {
  public static final int FAILURE_THRESHOLD = 5;
  private static final int MAX_RESET_FACTOR = 10;

  private final long baseResetMillis;
  private final LongSupplier clock;
  private int failures;
  private boolean open;
  private boolean halfOpen;
  private long openedAt;
  private long resetMillis;

  public EmbeddingBreaker(long baseResetMillis, LongSupplier clockMillis) {
    this.baseResetMillis = baseResetMillis;
    this.resetMillis = baseResetMillis;
    this.clock = clockMillis;
  }

  /** Whether an embedding may be attempted now (a half-open breaker lets the probe through). */
  public synchronized boolean allows() {
    if (open && clock.getAsLong() - openedAt >= resetMillis) {
      open = false;
      halfOpen = true;
    }
    return !open;
  }

  public synchronized void success() {
    failures = 0;
    open = false;
    halfOpen = false;
    resetMillis = baseResetMillis;
  }

  public synchronized void failure() {
    failures++;
    openedAt = clock.getAsLong();
    if (halfOpen) {
      halfOpen = false;
      open = true;
      resetMillis = Math.min(resetMillis * 2, baseResetMillis * MAX_RESET_FACTOR);
    } else if (failures >= FAILURE_THRESHOLD) {
      open = true;
    }
  }

  public synchronized boolean isOpen() {
    return open;
  }
}
