package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/fs/attrs}: a node's logical attributes (its retrieval tags) and
 * {@code set_tags}, which replaces or appends {@code key=value} tags (append replaces a key's value).
 */
public final class AttrRoutes {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Attrs(String uri, String contextType, Map<String, List<String>> attrs) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TagsSet(String uri, String rootUri, String contextType, String mode, List<String> tags, boolean tagsUpdated,
      List<String> updatedUris, int successCount, int skippedCount, int failedCount) {}

  private final TenantStore store;

  public AttrRoutes(TenantStore store) {
    this.store = store;
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/fs/attrs", c -> Reply.full(attrs(c.id(), c.query().required("uri"))))
        .add("POST", "/api/v1/fs/attrs/set_tags", c -> Reply.compact(setTags(c.id(), c.lenientBody())));
  }

  private String existing(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree tree = store.tenant(id.key()).tree();
    if (tree.find(uri) == null) {
      throw ApiException.notFound("Resource not found: " + uri, uri, "resource");
    }
    return uri;
  }

  private Attrs attrs(Identity id, String rawUri) {
    String uri = existing(id, rawUri);
    return new Attrs(uri, "resource", Map.of("tags", store.tenant(id.key()).tags(uri)));
  }

  private TagsSet setTags(Identity id, Body body) {
    String uri = existing(id, body.text("uri"));
    String mode = body.optionalText("mode") == null ? "replace" : body.text("mode");
    JsonNode given = body.node("tags");
    Map<String, String> byKey = new LinkedHashMap<>();
    if (mode.equals("append")) {
      store.tenant(id.key()).tags(uri).forEach(t -> put(byKey, t));
    } else if (!mode.equals("replace")) {
      throw ApiException.invalid("mode must be replace or append: " + mode);
    }
    if (given != null) {
      given.forEach(t -> put(byKey, t.asText()));
    }
    List<String> result = new ArrayList<>();
    byKey.forEach((k, v) -> result.add(k + "=" + v));
    store.tenant(id.key()).tags(uri, result);
    return new TagsSet(uri, resourceRoot(uri), "resource", mode, result, true, List.of(uri), 1, 0, 0);
  }

  /** A tag as 0.5.2 normalizes it: trimmed, lower case, exactly one {@code =} between a key and a value. */
  private static void put(Map<String, String> byKey, String given) {
    String tag = given.strip().toLowerCase(Locale.ROOT);
    int eq = tag.indexOf('=');
    if (eq <= 0 || eq == tag.length() - 1 || tag.indexOf('=', eq + 1) >= 0) {
      throw ApiException.invalid("invalid search tag '" + given + "': expected strict k=v format");
    }
    byKey.put(tag.substring(0, eq), tag.substring(eq + 1));
  }

  /** The resource a URI belongs to: its first two segments ({@code viking://resources/<name>}). */
  private static String resourceRoot(String uri) {
    String[] parts = uri.substring("viking://".length()).split("/");
    return parts.length < 2 ? uri : "viking://" + parts[0] + "/" + parts[1];
  }
}
