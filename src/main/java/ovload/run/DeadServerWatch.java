package ovload.run;

import ovload.adapters.AdapterResult;

/**
 * Notices a server that stopped answering: when every request that ended during {@code
 * windowSeconds} failed with a connection error (no answer at all; an HTTP error is an answer),
 * the run's load should stop. Any answer starts the window again.
 */
final class DeadServerWatch {
  /** Fewer failures than this are not enough to judge, however long they span. */
  static final int MIN_FAILURES = 3;
  private final long windowNanos;
  private long firstFailureNanos;
  private int failures;
  private boolean dead;

  /** @param windowSeconds 0 disables the watch */
  DeadServerWatch(double windowSeconds) {
    this.windowNanos = (long) (windowSeconds * 1e9);
  }

  /** No HTTP answer: refused or reset connection (the CLI says so in its message). */
  static boolean connectionError(AdapterResult result) {
    if (result.success() || result.statusCode() != null && result.statusCode() >= 100) {
      return false;
    }
    String message = result.errorMessage() == null ? "" : result.errorMessage().toLowerCase(java.util.Locale.ROOT);
    return "ConnectionError".equals(result.exceptionType())
        || message.contains("connection refused") || message.contains("connect error") || message.contains("failed to connect");
  }

  /** Records one request's end; true when this outcome makes the server dead. */
  synchronized boolean record(long endNanos, boolean connectionError) {
    if (windowNanos <= 0 || dead) {
      return false;
    }
    if (!connectionError) {
      failures = 0;
      return false;
    }
    if (failures++ == 0) {
      firstFailureNanos = endNanos;
    }
    dead = failures >= MIN_FAILURES && endNanos - firstFailureNanos >= windowNanos;
    return dead;
  }

  synchronized boolean dead() {
    return dead;
  }

  double windowSeconds() {
    return windowNanos / 1e9;
  }
}
