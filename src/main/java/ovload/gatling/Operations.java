package ovload.gatling;

import io.gatling.javaapi.core.ChainBuilder;

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
}
