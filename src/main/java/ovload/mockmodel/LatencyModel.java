package ovload.mockmodel;

import java.util.Random;

/**
 * How long a simulated model call takes: a fixed part plus a part per token, each spread uniformly
 * by ± the jitter. One seeded source under a lock, so a seed reproduces the sequence of delays.
 */
final class LatencyModel {
  private final long latencyMs;
  private final long tokenLatencyMs;
  private final double jitter;
  private final Random random;

  LatencyModel(long latencyMs, long tokenLatencyMs, double jitter, long seed) {
    this.latencyMs = latencyMs;
    this.tokenLatencyMs = tokenLatencyMs;
    this.jitter = jitter;
    this.random = new Random(seed);
  }

  /** A whole call that handles {@code tokens} tokens. */
  long callMs(int tokens) {
    return jittered(latencyMs + tokenLatencyMs * tokens);
  }

  /** A stream's wait before its first content: the fixed part alone. */
  long firstChunkMs() {
    return jittered(latencyMs);
  }

  /** A stream's wait before each further token. */
  long tokenMs() {
    return jittered(tokenLatencyMs);
  }

  synchronized long jittered(long baseMs) {
    if (baseMs <= 0 || jitter == 0) {
      return baseMs;
    }
    return Math.round(baseMs * (1 + jitter * (2 * random.nextDouble() - 1)));
  }
}
