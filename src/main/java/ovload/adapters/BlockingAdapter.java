package ovload.adapters;

import java.nio.file.Path;

/**
 * A client path whose calls block the calling thread (the Java client library, the {@code ov}
 * subprocess). {@link AdapterCallAction} runs these off Gatling's event loop. Calls never throw:
 * every failure is an {@link AdapterResult}.
 */
public interface BlockingAdapter extends AutoCloseable {
  String name();

  AdapterResult health();

  /** The benchmark's system_status operation: {@code GET /api/v1/observer/system}. */
  AdapterResult systemStatus();

  AdapterResult observerQueue();

  AdapterResult addResource(Path file, String to, String reason);

  AdapterResult waitProcessed(double timeoutSeconds);

  AdapterResult find(String query, String targetUri, int limit);

  AdapterResult search(String query, String targetUri, String sessionId, int limit);

  AdapterResult grep(String uri, String pattern, int limit);

  AdapterResult glob(String uri, String pattern, int limit);

  AdapterResult addMessage(String sessionId, String role, String content);

  AdapterResult commitSession(String sessionId);

  AdapterResult getTask(String taskId);

  @Override
  default void close() {}
}
