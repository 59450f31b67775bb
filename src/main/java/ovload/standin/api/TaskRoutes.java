package ovload.standin.api;

import ovload.standin.http.ApiException;
import ovload.standin.http.Query;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TaskBoard;

/** {@code /api/v1/tasks}: the identity's background tasks, listed (newest first, filtered) or one by id. */
final class TaskRoutes {
  private final TaskBoard tasks;

  TaskRoutes(TaskBoard tasks) {
    this.tasks = tasks;
  }

  void register(RouteTable routes) {
    routes.add("GET", "/api/v1/tasks", c -> {
      Query q = c.query();
      int limit = q.positive("limit", 50);
      return Reply.full(tasks.list(c.id().key(), q.get("task_type"), q.get("status"), q.get("resource_id"), limit));
    })
        .add("GET", "/api/v1/tasks/([^/]+)", c -> {
          TaskBoard.Task task = tasks.find(c.id().key(), c.pathParam(1));
          if (task == null) {
            throw ApiException.notFound("Task not found or expired", c.pathParam(1), "task");
          }
          return Reply.full(task.record());
        });
  }
}
