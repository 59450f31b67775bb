package ovload.run;

import java.util.concurrent.atomic.AtomicReference;
import ovload.adapters.AdapterResult;
import ovload.recording.RunClock;
import ovload.support.PythonFormat;

/**
 * Decides whether a run's load must stop before its end: it watches every request's outcome and
 * aborts the run when the server stopped answering ({@link DeadServerWatch}); the operations'
 * chains then stop Gatling's load generator, and the reports say why.
 */
public final class RunGuard {
  private final DeadServerWatch watch;
  private final RunClock clock;
  private final AtomicReference<String> abortReason = new AtomicReference<>();

  RunGuard(double abortAfterSeconds, RunClock clock) {
    this.watch = new DeadServerWatch(abortAfterSeconds);
    this.clock = clock;
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
