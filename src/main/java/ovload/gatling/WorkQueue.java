package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Collection;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The work units of a count phase (documents, session x message units, sessions to commit), shared
 * by that phase's users: each user takes the next unit until none is left, as the script's workers
 * share one queue. Unlike a Gatling feeder, running dry ends the user, not the run.
 */
final class WorkQueue<T> {
  private final ConcurrentLinkedQueue<T> units;

  WorkQueue(Collection<T> units) {
    this.units = new ConcurrentLinkedQueue<>(units);
  }

  /** Repeats {@code body} with each taken unit under {@code key} until the queue is empty. */
  ChainBuilder forEachUnit(String key, ChainBuilder body) {
    return exec(session -> take(session, key))
        .asLongAs(session -> session.contains(key))
        .on(exec(body).exec(session -> take(session, key)));
  }

  private io.gatling.javaapi.core.Session take(io.gatling.javaapi.core.Session session, String key) {
    T unit = units.poll();
    return unit == null ? session.remove(key) : session.set(key, unit);
  }
}
