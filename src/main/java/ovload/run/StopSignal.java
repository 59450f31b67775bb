package ovload.run;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The first SIGINT or SIGTERM this JVM got: the moment the run learns it is being stopped. After
 * it no call starts, and a call it cut off (its {@code ov} got the same Ctrl-C, or the exit
 * interrupted it) is recorded as interrupted, not as a failure of the server.
 */
public final class StopSignal {
  private final AtomicReference<String> name = new AtomicReference<>();

  /** The first one wins. */
  void received(String signal) {
    name.compareAndSet(null, signal);
  }

  public boolean received() {
    return name.get() != null;
  }

  /** {@code SIGINT}, {@code SIGTERM}; null before any. */
  public String name() {
    return name.get();
  }
}
