package ovload.mockmodel;

import java.util.Random;

/**
 * Which model calls fail on purpose: each with probability {@code rate}, from a seeded source of
 * its own, so the error sequence does not shift when jitter is switched on or off.
 */
final class InjectedErrors {
  private final double rate;
  private final Random random;

  InjectedErrors(double rate, long seed) {
    this.rate = rate;
    this.random = new Random(~seed); // not the jitter's sequence: the same seed there would correlate the two
  }

  synchronized boolean next() {
    return rate > 0 && random.nextDouble() < rate;
  }
}
