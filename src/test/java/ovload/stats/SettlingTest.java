package ovload.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A latency settles only after enough rounds, each of the last few close to the one before. */
class SettlingTest {
  private static Settling after(double... medians) {
    Settling settling = new Settling(0.10, 3, 4);
    for (double median : medians) {
      settling.add(median);
    }
    return settling;
  }

  @Test
  void settlesWhenTheLastRoundsStayWithinTheTolerance() {
    Settling settling = after(5.0, 2.0, 1.0, 0.95, 1.0, 0.92);
    assertTrue(settling.settled());
    assertEquals(6, settling.rounds());
    assertEquals(5.0, settling.first());
    assertEquals(0.92, settling.last());
  }

  @Test
  void aLatencyStillFallingHasNotSettled() {
    assertFalse(after(5.0, 4.0, 3.2, 2.6, 2.1, 1.7).settled(), "each round 20 % below the one before");
    assertFalse(after(1.0, 0.95, 1.0, 0.5, 0.48, 0.5).settled(), "a fall breaks the run: only two close rounds since");
    assertFalse(after(1.0, 1.0, 1.0).settled(), "close, but fewer rounds than the minimum");
    assertFalse(after(1.0, 1.0, Double.NaN, 1.0, 1.0).settled(), "a round without a median breaks the run");
    assertTrue(Double.isNaN(after().first()));
  }
}
