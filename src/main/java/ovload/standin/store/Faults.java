package ovload.standin.store;

import java.util.Random;

/**
 * The stand-in's seeded randomness: injected faults and model-delay jitter. One seeded source,
 * shared under a lock, so a seed reproduces the same sequence of draws.
 */
public final class Faults {
  private final Random random;
  private final double taskFailureRate;
  private final double unavailableRate;
  private final double jitter;
  private volatile double modelErrorRate;

  public Faults(long seed, double taskFailureRate, double unavailableRate, double jitter, double modelErrorRate) {
    this.modelErrorRate = modelErrorRate;
    this.random = new Random(seed);
    this.taskFailureRate = taskFailureRate;
    this.unavailableRate = unavailableRate;
    this.jitter = jitter;
  }

  synchronized boolean taskFails() {
    return taskFailureRate > 0 && random.nextDouble() < taskFailureRate;
  }

  /** Whether this model call fails (the model provider behind the server answered an error). */
  public synchronized boolean modelFails() {
    return modelErrorRate > 0 && random.nextDouble() < modelErrorRate;
  }

  /** A model provider that recovers (or breaks) while the server runs: tests of the circuit breaker. */
  public void modelErrorRate(double rate) {
    modelErrorRate = rate;
  }

  public synchronized boolean unavailable() {
    return unavailableRate > 0 && random.nextDouble() < unavailableRate;
  }

  /** {@code baseMillis} spread by the jitter, never negative. */
  synchronized long jittered(long baseMillis) {
    if (baseMillis <= 0) {
      return 0;
    }
    double factor = 1 + jitter * (2 * random.nextDouble() - 1);
    return Math.max(0, Math.round(baseMillis * factor));
  }

  /** Sleeps like a model call: the delay is the work being simulated. */
  public void modelDelay(long baseMillis) throws InterruptedException {
    long millis = jittered(baseMillis);
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
