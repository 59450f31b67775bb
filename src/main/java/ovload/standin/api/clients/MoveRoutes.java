package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ovload.standin.api.Indexing;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code POST /api/v1/fs/mv} and {@code /api/v1/fs/cp}: a file or a directory moved or copied
 * within the identity's tree, its search chunks following it. A missing source is 404, a target
 * that exists 409; a directory copies only with {@code recursive}.
 */
public final class MoveRoutes {
  record Moved(String from, String to) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Copied(String operation, String operationId, String from, String to, boolean recursive, String phase,
      int filesCreated, String semanticRootUri, String semanticStatus, Vectors vectors) {}

  record Vectors(int scanned, int written, int deleted, int restored, int batches) {}

  private final TenantStore store;
  private final Indexing indexing;

  public MoveRoutes(TenantStore store, Indexing indexing) {
    this.store = store;
    this.indexing = indexing;
  }

  public void register(RouteTable routes) {
    routes.add("POST", "/api/v1/fs/mv", c -> Reply.full(move(c.id(), c.lenientBody())))
        .add("POST", "/api/v1/fs/cp", c -> Reply.full(copy(c.id(), c.lenientBody())));
  }

  private Moved move(Identity id, Body body) throws InterruptedException {
    String from = VikingUri.check(body.text("from_uri"));
    String to = VikingUri.check(body.text("to_uri"));
    Tenant tenant = store.tenant(id.key());
    VikingTree tree = tenant.tree();
    List<String> files = transfer(tree, from, to, true);
    tree.rm(from, true);
    indexing.forget(id, from);
    tenant.moveTags(from, to);
    indexing.reindex(id, tree, to, files);
    return new Moved(from, to);
  }

  private Copied copy(Identity id, Body body) throws InterruptedException {
    String from = VikingUri.check(body.text("from_uri"));
    String to = VikingUri.check(body.text("to_uri"));
    boolean recursive = body.flag("recursive", false);
    VikingTree tree = store.tenant(id.key()).tree();
    List<String> files = transfer(tree, from, to, recursive);
    int chunks = indexing.reindex(id, tree, to, files);
    String parent = VikingUri.parent(to) == null ? to : VikingUri.parent(to);
    return new Copied("cp", UUID.randomUUID().toString(), from, to, recursive, "completed", files.size(), parent,
        "queued", new Vectors(chunks, chunks, 0, 0, chunks == 0 ? 0 : 1));
  }

  /** Writes {@code from}'s nodes under {@code to}; returns the files written there. */
  private static List<String> transfer(VikingTree tree, String from, String to, boolean recursive) {
    VikingTree.Node source = tree.find(from);
    if (source == null) {
      throw ApiException.notFound("Resource not found: " + from, from, "resource");
    }
    if (tree.find(to) != null) {
      throw new ApiException("CONFLICT", "Target already exists: " + to, Map.of("resource", to));
    }
    if (source.dir() && !recursive) {
      throw new ApiException("INVALID_ARGUMENT", "Cannot copy directory without --recursive: " + from,
          Map.of("expected_flag", "--recursive", "resource", from));
    }
    List<String> written = new ArrayList<>();
    if (!source.dir()) {
      tree.writeFile(to, source.content());
      written.add(to);
      return written;
    }
    tree.mkdir(to);
    for (VikingTree.LsEntry e : tree.ls(from)) {
      written.addAll(transfer(tree, e.uri(), to + e.uri().substring(from.length()), true));
    }
    return written;
  }
}
