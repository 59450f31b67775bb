package ovload.standin.api.clients;

import java.util.List;
import ovload.standin.http.ApiException;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;

/**
 * {@code /api/v1/watches}: the resource refresh subscriptions. The stand-in makes none (it takes
 * no {@code watch_interval}), so the list is empty and every single watch is 404 {@code watch_task}.
 */
public final class WatchRoutes {
  record Watches(List<Object> tasks, int total) {}

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/watches", c -> {
      String toUri = c.query().get("to_uri");
      if (toUri != null) {
        throw missing(toUri);
      }
      return Reply.full(new Watches(List.of(), 0));
    })
        .add("GET", "/api/v1/watches/([^/]+)", c -> {
          throw missing(c.pathParam(1));
        })
        .add("PATCH", "/api/v1/watches/([^/]+)", c -> {
          throw missing(c.pathParam(1));
        })
        .add("DELETE", "/api/v1/watches/([^/]+)", c -> {
          throw missing(c.pathParam(1));
        })
        .add("POST", "/api/v1/watches/([^/]+)/trigger", c -> {
          throw missing(c.pathParam(1));
        });
  }

  private static ApiException missing(String which) {
    return ApiException.notFound("Watch_task not found: " + which, which, "watch_task");
  }
}
