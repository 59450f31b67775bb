package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TaskBoard.QueueCount;

/**
 * The server's own state: {@code /health} (no key needed), {@code system/status},
 * {@code system/wait} and the observers, the queue observer's table in the real server's format.
 */
final class SystemRoutes {
  static final String VERSION = "ovload-standin-0.1";
  /** The queues OpenViking 0.5.2's system/wait reports, in its order. */
  private static final List<String> REAL_QUEUES = List.of("AddResource", "ContentWrite", "Embedding",
      "ExternalParse", "ExternalTask", "Reindex", "Semantic", "SessionCommit", "UserDeletion");
  /** The components the system observer sums up, in its order. */
  private static final List<String> COMPONENTS = List.of("queue", "vikingdb", "models", "lock", "retrieval",
      "filesystem");

  /** The identity fields only when the request named one; root_api_key_required only in trusted mode. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Health(String status, boolean healthy, String version, String authMode, Boolean rootApiKeyRequired,
      String accountId, String userId, String role) {}

  record Status(boolean initialized, String user) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Observer(String name, @JsonProperty("is_healthy") boolean isHealthy,
      @JsonProperty("has_errors") boolean hasErrors, String status) {}

  record SystemObserver(@JsonProperty("is_healthy") boolean isHealthy, List<String> errors,
      Map<String, Observer> components) {}

  private final TaskBoard tasks;
  private final ModelProvider model;
  private final String authMode;
  /** The role OpenViking 0.5.2 gives the root key's callers: a user in trusted mode, root in dev mode. */
  private final String role;
  private final RetrievalStats retrieval;

  SystemRoutes(TaskBoard tasks, ModelProvider model, String authMode, RetrievalStats retrieval) {
    this.tasks = tasks;
    this.retrieval = retrieval;
    this.model = model;
    this.authMode = authMode;
    this.role = authMode.equals("trusted") ? "user" : "root";
  }

  void register(RouteTable routes) {
    routes.add("GET", "/api/v1/system/status", c -> Reply.full(new Status(true, c.id().user())))
        .add("POST", "/api/v1/system/wait", c -> Reply.full(waitProcessed()))
        .add("GET", "/api/v1/observer/(queue|vikingdb|models|lock|retrieval|filesystem|system)", c -> {
          String name = c.pathParam(1);
          return Reply.full(name.equals("system") ? system() : observer(name));
        });
  }

  Health health(Identity caller) {
    Boolean keyRequired = authMode.equals("trusted") ? Boolean.TRUE : null;
    return caller == null ? new Health("ok", true, VERSION, authMode, keyRequired, null, null, null)
        : new Health("ok", true, VERSION, authMode, keyRequired, caller.account(), caller.user(), role);
  }

  /**
   * Waits until the queues are idle. Like OpenViking 0.5.2 it reads no body: a {@code timeout} is
   * ignored (the client's own timeout bounds the wait). The result is per-queue counts.
   */
  private Map<String, QueueCount> waitProcessed() throws InterruptedException {
    if (!tasks.awaitIdle(TimeUnit.MINUTES.toMillis(30))) {
      throw new ApiException("DEADLINE_EXCEEDED", "queues still busy after 30 minutes");
    }
    return tasks.settledCounts(REAL_QUEUES);
  }

  private SystemObserver system() {
    Map<String, Observer> components = new LinkedHashMap<>();
    boolean healthy = true;
    for (String component : COMPONENTS) {
      Observer o = observer(component);
      healthy &= o.isHealthy();
      components.put(component, o);
    }
    return new SystemObserver(healthy, List.of(), components);
  }

  /** A queue with errors still reports healthy, as the real observer does; an open breaker makes models unhealthy. */
  private Observer observer(String name) {
    boolean errors = false;
    String table;
    if (name.equals("queue")) {
      table = tasks.queueTable();
      errors = tasks.anyErrors();
    } else if (name.equals("models")) {
      errors = model.breakerOpen();
      table = "embedding: " + (errors ? "circuit breaker OPEN" : "ok") + " (ovload stand-in)";
    } else if (name.equals("retrieval")) {
      table = retrieval.table();
    } else {
      table = name + ": ok (ovload stand-in)";
    }
    return new Observer(name, !errors || name.equals("queue"), errors, table);
  }
}
