package ovload.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import ovload.client.OpenVikingApiException;
import ovload.client.OpenVikingClient;
import ovload.config.RunConfig;
import ovload.support.PythonFormat;

/**
 * The server-side steps around the load: clearing the previous run's data (the data root, which
 * the configuration guarantees lies strictly inside {@code viking://resources/}, and only sessions
 * whose ids have the suite's own form under the run's prefix, {@link ovload.config.ServerData#ownSession},
 * and the memory folders named after them) and making the remote tree.
 */
public final class RemotePreparation {
  /** Where memories extracted from a session land in a folder named after it (the stand-in's layout). */
  static final String MEMORIES = "viking://user/memories";

  private final OpenVikingClient client;
  private final RunConfig config;

  RemotePreparation(OpenVikingClient client, RunConfig config) {
    this.client = client;
    this.config = config;
  }

  /** What a clear removed: sessions and memory folders, by count. */
  record Cleared(int sessions, int memoryFolders) {}

  /**
   * Removes the data root (missing is fine), the suite's own sessions under the prefix and the
   * memory folders named after them. A server that keeps memories by category instead (OpenViking's
   * {@code viking://user/<id>/memories/...}) has no folder with the prefix, so nothing else goes.
   */
  Cleared clear() {
    removeIfPresent(config.data().dataRootUri());
    int sessions = deleteSessions();
    int memoryFolders = 0;
    for (String uri : memoryFolders()) {
      removeIfPresent(uri);
      memoryFolders++;
    }
    return new Cleared(sessions, memoryFolders);
  }

  /**
   * {@code rm -r}, missing being fine. A server still processing what lies there (an earlier run's
   * documents or commits) answers 409 with {@code details.retryable} (OpenViking 0.5.2:
   * {@code conflict_type path_busy}): the removal is retried until the server lets go, for up to
   * {@code drainTimeout}, with one line on the console, then ends with one error naming the path.
   */
  private void removeIfPresent(String uri) {
    long started = System.nanoTime();
    long limitNanos = (long) (config.drainTimeoutSeconds() * 1e9);
    boolean said = false;
    while (true) {
      try {
        client.rm(uri, true);
        if (said) {
          System.out.printf("ovload: %s released after %.1f s%n", uri, (System.nanoTime() - started) / 1e9);
        }
        return;
      } catch (OpenVikingApiException e) {
        if (e.httpStatus() == 404) {
          return;
        }
        if (!busy(e)) {
          throw e;
        }
        String conflict = e.details().path("conflict_type").asText("busy");
        if (System.nanoTime() - started >= limitNanos) {
          throw new BusyPathException(uri, conflict, config.drainTimeoutSeconds());
        }
        if (!said) {
          System.out.printf("ovload: %s is busy on the server (409 %s): waiting up to %s s (-DdrainTimeout) for it to be released%n",
              uri, conflict, PythonFormat.repr(config.drainTimeoutSeconds()));
          said = true;
        }
        pause(Math.min((long) (config.taskPollIntervalSeconds() * 1e9), limitNanos - (System.nanoTime() - started)));
      }
    }
  }

  /** A 409 the server says will pass: {@code details.retryable} true. */
  static boolean busy(OpenVikingApiException e) {
    return e.httpStatus() == 409 && e.details().path("retryable").asBoolean(false);
  }

  private static void pause(long nanos) {
    try {
      Thread.sleep(Math.max(1, nanos / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the server to release a path");
    }
  }

  /** The server kept a path busy for the whole wait: one line that names it and what to do. */
  static final class BusyPathException extends RuntimeException {
    BusyPathException(String uri, String conflict, double seconds) {
      super("the server kept " + uri + " busy (409 " + conflict + ") for " + PythonFormat.repr(seconds)
          + " s: it is still processing earlier work there; run again once its queues are empty, or raise -DdrainTimeout");
    }
  }

  /** The entries of {@link #MEMORIES} named as the suite's own sessions; none if it does not exist. */
  private List<String> memoryFolders() {
    JsonNode listing;
    try {
      listing = client.ls(MEMORIES);
    } catch (OpenVikingApiException e) {
      if (e.httpStatus() == 404 || e.httpStatus() == 400) {
        return List.of();
      }
      throw e;
    }
    List<String> uris = new ArrayList<>();
    Predicate<String> owned = config.data().ownSession();
    for (JsonNode entry : listing) {
      // OpenViking 0.5.2's ls names each entry by its full uri (corpus: the ls exchanges)
      String uri = entry.path("uri").asText("");
      String name = uri.substring(uri.lastIndexOf('/') + 1);
      if (uri.equals(MEMORIES + "/" + name) && owned.test(name)) {
        uris.add(uri);
      }
    }
    return uris;
  }

  private int deleteSessions() {
    int deleted = 0;
    Predicate<String> owned = config.data().ownSession();
    for (String sessionId : sessionIds(client.listSessions())) {
      if (owned.test(sessionId)) {
        try {
          client.deleteSession(sessionId);
          deleted++;
        } catch (OpenVikingApiException e) {
          // gone already, or busy: the next clear retries it
        }
      }
    }
    return deleted;
  }

  /** {@code mkdir} each level of the data root, the adapters' folders and the warm-up's; existing is fine. */
  void ensureTree() {
    List<String> uris = new ArrayList<>(treeUris(config.data().dataRootUri()));
    config.adapters().forEach(adapter -> uris.add(config.data().dataRootUri() + "/" + adapter));
    uris.add(config.data().generatorWarmupUri());
    for (String uri : uris) {
      try {
        client.mkdir(uri);
      } catch (OpenVikingApiException e) {
        if (e.httpStatus() != 409) {
          throw e;
        }
      }
    }
  }

  /** {@code viking://resources/a/b} gives {@code viking://resources/a}, {@code viking://resources/a/b}. */
  public static List<String> treeUris(String dataRoot) {
    String prefix = "viking://resources";
    List<String> uris = new ArrayList<>();
    String current = prefix;
    for (String part : dataRoot.substring(prefix.length()).split("/")) {
      if (!part.isEmpty()) {
        current = current + "/" + part;
        uris.add(current);
      }
    }
    return uris;
  }

  public static List<String> sessionIds(JsonNode payload) {
    List<String> ids = new ArrayList<>();
    collect(payload, ids);
    return ids;
  }

  private static void collect(JsonNode node, List<String> ids) {
    if (node == null) {
      return;
    }
    if (node.isArray()) {
      node.forEach(item -> collect(item, ids));
    } else if (node.isObject()) {
      for (String key : new String[] {"sessions", "items", "result"}) {
        if (node.has(key)) {
          collect(node.get(key), ids);
          return;
        }
      }
      JsonNode id = node.has("session_id") ? node.get("session_id") : node.get("id");
      if (id != null && id.isTextual()) {
        ids.add(id.asText());
      }
    }
  }
}
