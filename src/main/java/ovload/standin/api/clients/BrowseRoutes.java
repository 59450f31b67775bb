package ovload.standin.api.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.UUID;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/** {@code GET /api/v1/fs/tree} and {@code /api/v1/fs/stat}: the tree below a URI and one node's metadata. */
public final class BrowseRoutes {
  /** stat's answer, in the real key order (ov's table shows it): a file carries an {@code id}, a directory its entry {@code count}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Stat(String name, int size, int mode, String modTime, @JsonProperty("isDir") boolean isDir, Integer count,
      String uri, @JsonProperty("isLocked") boolean isLocked, String id) {}

  private final TenantStore store;

  public BrowseRoutes(TenantStore store) {
    this.store = store;
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/fs/tree", c -> Reply.listing(
            Listing.tree(store.tenant(c.id().key()).tree(), VikingUri.check(c.query().required("uri")), c.query())))
        .add("GET", "/api/v1/fs/stat", c -> Reply.full(stat(c.id(), c.query().required("uri"))));
  }

  private Stat stat(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree tree = store.tenant(id.key()).tree();
    VikingTree.Node node = tree.find(uri);
    if (node == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    String modTime = Instant.ofEpochMilli((long) (node.modTime() * 1000)).toString();
    if (node.dir()) {
      return new Stat(VikingUri.name(uri), 0, 493, modTime, true, tree.ls(uri).size(), uri, false, null);
    }
    return new Stat(VikingUri.name(uri), node.content().length(), 420, modTime, false, null, uri, false,
        UUID.nameUUIDFromBytes((id.key() + uri).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString());
  }
}
