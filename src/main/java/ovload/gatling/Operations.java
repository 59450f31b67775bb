package ovload.gatling;

import io.gatling.javaapi.core.ChainBuilder;
import java.util.Optional;

/**
 * The benchmark's operations as chains, for one adapter. Parameters come from session attributes
 * ({@link SessionKeys}); every chain records its request event through an {@link OperationRecorder}.
 */
public interface Operations {
  String adapter();

  ChainBuilder health();

  ChainBuilder addResource(String reason);

  ChainBuilder waitProcessed();

  ChainBuilder find();

  ChainBuilder search();

  ChainBuilder grep();

  ChainBuilder glob();

  ChainBuilder addMessage();

  ChainBuilder commitSession();

  ChainBuilder getTask();

  ChainBuilder observerQueue();

  ChainBuilder systemStatus();

  /**
   * These operations, but unrecorded (no event, no Gatling statistic) and aimed at data no measured
   * request touches: the same request path, to warm the load generator's JIT before anything is
   * measured; empty for an adapter whose cost is not the generator's own.
   */
  default Optional<Operations> generatorWarmup() {
    return Optional.empty();
  }
}
