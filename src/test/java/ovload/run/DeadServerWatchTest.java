package ovload.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ovload.adapters.AdapterResult;

/** The server is judged dead only when every request of a whole window failed without an answer. */
class DeadServerWatchTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void connectionErrorsThroughAWholeWindowMakeTheServerDead() {
    DeadServerWatch watch = new DeadServerWatch(5);
    for (long t = 0; t < 5 * SECOND; t += SECOND / 10) {
      assertFalse(watch.record(t, true), "not yet a whole window at " + t);
    }
    assertTrue(watch.record(5 * SECOND, true));
    assertTrue(watch.dead());
    assertFalse(watch.record(6 * SECOND, true), "fires once");
  }

  @Test
  void anyAnswerStartsTheWindowAgain() {
    DeadServerWatch watch = new DeadServerWatch(5);
    watch.record(0, true);
    watch.record(4 * SECOND, true);
    watch.record(4 * SECOND + 1, false); // an HTTP answer, even an error, means the server is there
    assertFalse(watch.record(6 * SECOND, true));
    assertFalse(watch.record(8 * SECOND, true));
    assertTrue(watch.record(11 * SECOND, true), "five seconds of nothing but connection errors since 6 s");
  }

  @Test
  void twoFailuresFarApartAreNotEnough() {
    DeadServerWatch watch = new DeadServerWatch(5);
    watch.record(0, true);
    assertFalse(watch.record(60 * SECOND, true));
    assertTrue(watch.record(61 * SECOND, true));
  }

  @Test
  void zeroDisablesTheWatch() {
    DeadServerWatch watch = new DeadServerWatch(0);
    for (long t = 0; t < 100 * SECOND; t += SECOND) {
      assertFalse(watch.record(t, true));
    }
  }

  @Test
  void onlyAMissingAnswerIsAConnectionError() {
    assertTrue(DeadServerWatch.connectionError(AdapterResult.failed(null, "ConnectionError", "refused", null)));
    assertTrue(DeadServerWatch.connectionError(AdapterResult.failed(1, "CliExitError",
        "error: Connection refused (os error 111)", "ov find")));
    assertFalse(DeadServerWatch.connectionError(AdapterResult.failed(503, "UNAVAILABLE", "busy", null)));
    assertFalse(DeadServerWatch.connectionError(AdapterResult.failed(null, "TimeoutError", "no response within 60s", null)));
    assertFalse(DeadServerWatch.connectionError(AdapterResult.ok(200, null, null)));
  }
}
