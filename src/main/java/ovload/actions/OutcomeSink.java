package ovload.actions;

import io.gatling.javaapi.core.Session;

/** Receives every finished adapter call with its monotonic start and end (nanoseconds). */
@FunctionalInterface
public interface OutcomeSink {
  void completed(Session session, String operation, long startNanos, long endNanos, AdapterResult result);
}
