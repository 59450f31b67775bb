package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import ovload.adapters.AdapterResult;
import ovload.recording.RunClock;

/** Around a signal: calls stop starting, a call it cut off is interrupted, a success stays one, and no interruption counts as a dead server. */
class RunGuardTest {
  private static final AdapterResult FAILED = AdapterResult.failed(null, "ConnectError", "connection refused", "ov find q");

  @Test
  void beforeAnySignalNothingChanges() {
    RunGuard guard = new RunGuard(1, new RunClock(), new StopSignal());
    assertFalse(guard.stopping());
    assertSame(FAILED, guard.asEnded(FAILED));
  }

  @Test
  void afterTheSignalAFailedCallIsInterruptedAndASuccessStaysOne() {
    StopSignal stop = new StopSignal();
    RunGuard guard = new RunGuard(1, new RunClock(), stop);
    stop.received("SIGTERM");
    stop.received("SIGINT"); // the first one wins
    assertTrue(guard.stopping());
    AdapterResult ended = guard.asEnded(FAILED);
    assertFalse(ended.success());
    assertEquals("Interrupted", ended.exceptionType());
    assertEquals("interrupted by SIGTERM", ended.errorMessage());
    assertEquals("ov find q", ended.command());
    AdapterResult ok = AdapterResult.ok(0, null, "ov find q");
    assertSame(ok, guard.asEnded(ok));
  }

  @Test
  void interruptedCallsNeverAbortTheRunAsADeadServer() {
    StopSignal stop = new StopSignal();
    RunGuard guard = new RunGuard(0.05, new RunClock(), stop);
    stop.received("SIGINT");
    AdapterResult cut = guard.asEnded(AdapterResult.failed(null, "ConnectException", "Connection refused", null));
    long t = System.nanoTime();
    for (int i = 0; i < 50; i++) {
      guard.completed(t + i * 10_000_000L, cut);
    }
    assertFalse(guard.aborted(), guard.abortReason());
  }
}
