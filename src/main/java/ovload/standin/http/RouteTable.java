package ovload.standin.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's routes: a path pattern and a handler per method. Routes are matched before
 * authentication, as on OpenViking 0.5.2: a path no route serves is the framework's 404, a served
 * path with another method its 405.
 */
public final class RouteTable {
  private record Route(Pattern path, Map<String, Handler> methods) {}

  /** A resolved request: the handler and the path's match (its groups are the path parameters). */
  record Match(Handler handler, Matcher path) {}

  private final Map<String, Route> routes = new LinkedHashMap<>();

  /** Serves {@code method} on the paths {@code pathPattern} matches in full; one handler per pair. */
  public RouteTable add(String method, String pathPattern, Handler handler) {
    Route route = routes.computeIfAbsent(pathPattern, p -> new Route(Pattern.compile(p), new LinkedHashMap<>()));
    if (route.methods().putIfAbsent(method, handler) != null) {
      throw new IllegalStateException("two handlers for " + method + " " + pathPattern);
    }
    return this;
  }

  /** The handler for a method and path: the framework's 404 or 405 when there is none. */
  Match resolve(String method, String path) {
    for (Route route : routes.values()) {
      Matcher m = route.path().matcher(path);
      if (m.matches()) {
        Handler handler = route.methods().get(method);
        if (handler == null) {
          throw ApiException.wrongMethod();
        }
        return new Match(handler, m);
      }
    }
    throw ApiException.noRoute();
  }
}
