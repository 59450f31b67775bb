package ovload.adapters;

import io.gatling.javaapi.core.Session;
import ovload.model.Operation;

/** Receives every finished adapter call with its monotonic start and end (nanoseconds). */
@FunctionalInterface
public interface CallListener {
  void completed(Session session, Operation operation, long startNanos, long endNanos, AdapterResult result);
}
