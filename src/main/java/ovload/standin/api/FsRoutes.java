package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.standin.api.clients.Listing;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.http.Query;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TaskBoard.QueueCount;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/** {@code /api/v1/fs} and {@code /api/v1/content}: mkdir, ls, rm and read on the identity's tree. */
final class FsRoutes {
  record Made(String uri) {}

  /** rm's answer: the refresh's task id, or with {@code wait=true} its outcome and the queue counts. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Removed(String uri, int estimatedDeletedCount, MemoryCleanup memoryCleanup, String semanticRootUri,
      String semanticStatus, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, QueueCount> queueStatus,
      @JsonInclude(JsonInclude.Include.NON_NULL) String taskId) {}

  /** No memory refers to a removed resource in the stand-in. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MemoryCleanup(List<String> memoryUris, String status) {
    static final MemoryCleanup NONE = new MemoryCleanup(List.of(), "no_references");
  }

  /**
   * The fs_rm task's result, as 0.5.2's task holds it: the file system's {@code message}, then what
   * rm answers (without the URI), and with {@code wait=true} the queue counts.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record RmTaskResult(String message, int estimatedDeletedCount, MemoryCleanup memoryCleanup, String semanticRootUri,
      String semanticStatus, @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, QueueCount> queueStatus,
      String taskId) {}

  private final TenantStore store;
  private final TaskBoard tasks;
  private final SearchIndex index;
  private final ModelProvider model;
  private final SummaryRefresh summaries;

  FsRoutes(TenantStore store, TaskBoard tasks, SearchIndex index, ModelProvider model) {
    this.store = store;
    this.tasks = tasks;
    this.index = index;
    this.model = model;
    this.summaries = new SummaryRefresh(index);
  }

  void register(RouteTable routes) {
    routes.add("POST", "/api/v1/fs/mkdir", c -> {
      String uri = VikingUri.check(c.lenientBody().text("uri"));
      store.tenant(c.id().key()).tree().mkdir(uri);
      return Reply.full(new Made(uri));
    })
        .add("DELETE", "/api/v1/fs", c -> Reply.full(rm(c.id(), c.query())))
        .add("GET", "/api/v1/fs/ls", c -> Reply.listing(
            Listing.ls(store.tenant(c.id().key()).tree(), VikingUri.check(c.query().required("uri")), c.query())))
        .add("GET", "/api/v1/content/read", c -> Reply.full(read(c.id(), c.query().required("uri"))));
  }

  /** OpenViking 0.5.2's answer to an rm of a path a running write holds: retry later. */
  private static ApiException busy(String uri) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("resource", uri);
    details.put("uri", uri);
    details.put("conflict_type", "path_busy");
    details.put("retryable", true);
    return new ApiException("CONFLICT", "Resource is being processed: " + uri, details);
  }

  private String read(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree.Node node = store.tenant(id.key()).tree().find(uri);
    if (node == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    if (node.dir()) {
      throw new ApiException("INVALID_ARGUMENT", "Directory URI is not readable as a file: " + uri
          + ". List it first, then read a file URI.", Map.of("actual", "directory", "expected", "file", "resource", uri));
    }
    return node.content();
  }

  /**
   * Removes at once, as OpenViking 0.5.2 does, then queues the parent's semantic refresh as an
   * {@code fs_rm} task on the resource workers: {@code task_id} in the answer, or with
   * {@code wait=true} the queue counts once it ran. A directory needs {@code recursive=true},
   * even an empty one (400); a missing URI removes nothing (200); a path that a resource still
   * being processed holds (itself, above or below) is {@code 409 CONFLICT path_busy}.
   */
  private Removed rm(Identity id, Query query) throws InterruptedException {
    String uri = VikingUri.check(query.required("uri"));
    boolean recursive = query.flag("recursive");
    boolean wait = query.flag("wait");
    Tenant tenant = store.tenant(id.key());
    VikingTree.Node node = tenant.tree().find(uri);
    // a missing URI is 200 with nothing removed, as OpenViking 0.5.2 answers
    if (node != null && node.dir() && !recursive) {
      throw new ApiException("INVALID_ARGUMENT", "Cannot remove directory without --recursive: " + uri,
          Map.of("expected_flag", "--recursive", "resource", uri));
    }
    if (node != null && tenant.busy(uri)) {
      ApiException refused = busy(uri);
      tasks.failed("fs_rm", id.key(), uri, refused.getMessage());
      throw refused;
    }
    List<String> removed = tenant.tree().rm(uri, true);
    index.removeUnder(id.key(), uri);
    tenant.dropTags(uri);
    String parent = VikingUri.parent(uri) == null ? "viking://" : VikingUri.parent(uri);
    TaskBoard.Task refresh = tasks.submit("fs_rm", id.key(), uri, t -> {
      model.refreshSummary();
      summaries.refresh(id.key(), tenant.tree(), parent);
      return new RmTaskResult("deleted " + uri, removed.size(), MemoryCleanup.NONE, parent,
          wait ? "complete" : "queued", wait ? tasks.settledCounts(List.of("Embedding", "Semantic")) : null, t.id());
    });
    if (!wait) {
      return new Removed(uri, removed.size(), MemoryCleanup.NONE, parent, "queued", null, refresh.id());
    }
    while (!refresh.terminal()) {
      Thread.sleep(5);
    }
    return new Removed(uri, removed.size(), MemoryCleanup.NONE, parent,
        refresh.status().equals("completed") ? "completed" : "failed",
        tasks.settledCounts(List.of("Embedding", "Semantic")), null);
  }
}
