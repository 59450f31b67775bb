package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code POST /api/v1/system/consistency} (the files below a URI against their index records: the
 * stand-in indexes every file it stores, so nothing is missing) and {@code POST
 * /api/v1/tasks/{id}/cancel} (a task that has ended is 412 FAILED_PRECONDITION; the stand-in's
 * workers do not stop a running one either).
 */
public final class MaintenanceRoutes {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Consistency(boolean ok, int expectedCount, int missingRecordCount, List<String> missingRecords,
      boolean missingRecordsTruncated) {}

  private final TenantStore store;
  private final TaskBoard tasks;

  public MaintenanceRoutes(TenantStore store, TaskBoard tasks) {
    this.store = store;
    this.tasks = tasks;
  }

  public void register(RouteTable routes) {
    routes.add("POST", "/api/v1/system/consistency", c -> Reply.full(consistency(c.id(), c.lenientBody().text("uri"))))
        .add("POST", "/api/v1/tasks/([^/]+)/cancel", c -> Reply.full(cancel(c.id(), c.pathParam(1))));
  }

  private Consistency consistency(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree tree = store.tenant(id.key()).tree();
    if (tree.find(uri) == null) {
      throw ApiException.notFound("Resource not found: " + uri, uri, "resource");
    }
    return new Consistency(true, count(tree, uri), 0, List.of(), false);
  }

  private static int count(VikingTree tree, String uri) {
    VikingTree.Node node = tree.find(uri);
    if (!node.dir()) {
      return 1;
    }
    int n = 0;
    for (VikingTree.LsEntry e : tree.ls(uri)) {
      n += count(tree, e.uri());
    }
    return n;
  }

  private Object cancel(Identity id, String taskId) {
    TaskBoard.Task task = tasks.find(id.key(), taskId);
    if (task == null) {
      throw ApiException.notFound("Task not found: " + taskId, taskId, "task");
    }
    throw new ApiException("FAILED_PRECONDITION", (task.terminal() ? "Task already finished: " : "Task is running: ") + taskId,
        Map.of());
  }
}
