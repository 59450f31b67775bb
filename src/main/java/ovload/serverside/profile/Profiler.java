package ovload.serverside.profile;

import java.io.IOException;
import java.nio.file.Path;

/** A way to profile the server over one phase: started at the phase's start, stopped at its end. */
public interface Profiler {
  /** A profile being taken. */
  interface Session {
    /**
     * Stops it and leaves its files: {@code <name>.collapsed}, and {@code <name>.svg} where the
     * profiler draws one; a profiler that cuts its phases from one recording leaves them at {@link #finish}.
     */
    void stop() throws IOException, InterruptedException;
  }

  /** Starts profiling into {@code dir/<name>.*}. */
  Session start(Path dir, String name) throws IOException;

  /** The run ended and every session stopped: writes what the profiler kept until then. */
  default void finish() throws IOException {}

  /** One line for the run's notes: what profiles what. */
  String description();
}
