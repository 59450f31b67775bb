package ovload.run;

import java.util.concurrent.atomic.AtomicReference;
import ovload.adapters.AdapterResult;
import ovload.model.Interruption;
import ovload.recording.RunClock;
import ovload.support.PythonFormat;

/**
 * Decides whether a run's load must stop before its end: it watches every request's outcome and
 * aborts the run when the server stopped answering ({@link DeadServerWatch}); the operations'
 * chains then stop Gatling's load generator, and the reports say why. It also knows when the JVM
 * is being stopped by a signal ({@link StopSignal}): no call starts after it, and a call it cut off
 * is interrupted, not failed.
 */
public final class RunGuard {
  private final DeadServerWatch watch;
  private final RunClock clock;
  private final StopSignal stop;
  private final AtomicReference<String> abortReason = new AtomicReference<>();

  RunGuard(double abortAfterSeconds, RunClock clock, StopSignal stop) {
    this.watch = new DeadServerWatch(abortAfterSeconds);
    this.clock = clock;
    this.stop = stop;
  }

  /** A signal came: no new call may start (the user that would start one ends without it). */
  public boolean stopping() {
    return stop.received();
  }

  /**
   * A call that did not succeed and ended after the signal was cut off by it (its {@code ov} got the
   * same Ctrl-C and exited 130, or the exit interrupted it; its server may have gone with the same
   * Ctrl-C): interrupted, its command and server time kept. A success stays a success.
   */
  public AdapterResult asEnded(AdapterResult result) {
    String signal = stop.name();
    if (signal == null || result.success()) {
      return result;
    }
    return AdapterResult.failed(null, Interruption.EXCEPTION_TYPE, Interruption.message(signal), result.command())
        .withTiming(result.timing());
  }

  public void completed(long endNanos, AdapterResult result) {
    if (watch.record(endNanos, DeadServerWatch.connectionError(result))) {
      abort("every request for " + PythonFormat.fixed(watch.windowSeconds(), 1) + " s failed with a connection error"
          + " (the server stopped answering; aborted " + PythonFormat.fixed(clock.elapsedMs(endNanos) / 1000, 1) + " s into the run)");
    }
  }

  /** The first reason wins. */
  void abort(String reason) {
    abortReason.compareAndSet(null, reason);
  }

  public boolean aborted() {
    return abortReason.get() != null;
  }

  public String abortReason() {
    return abortReason.get();
  }
}
