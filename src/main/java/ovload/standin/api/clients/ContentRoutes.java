package ovload.standin.api.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovload.standin.api.Indexing;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.Summaries;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TaskBoard.QueueCount;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/content}: a node's abstract (level 0) and overview (level 1), written by the
 * stand-in from the tree (see {@link Summaries}), a file's bytes ({@code download}), and {@code write}, which replaces, appends to or
 * creates a file and re-indexes it as a {@code content_write} task (awaited with {@code wait}); {@code batch-write}'s
 * request checks.
 */
public final class ContentRoutes {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_ABSENT)
  record Written(String uri, String rootUri, String contextType, String mode, int writtenBytes, boolean contentUpdated,
      String semanticStatus, String vectorStatus, @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, QueueCount> queueStatus,
      String taskId) {}

  /** BatchWriteRequest's and BatchWriteOperation's fields (both extra="forbid"). */
  private static final Set<String> BATCH_FIELDS = Set.of("root_uri", "operations", "wait", "telemetry",
      "skip_conflicts", "defer_processing", "processing_mode", "edit_source");
  private static final Set<String> BATCH_OPERATION_FIELDS = Set.of("uri", "content", "content_base64", "mode",
      "expected_sha256", "tags", "tag_mode", "acl");

  private final TenantStore store;
  private final TaskBoard tasks;
  private final Indexing indexing;

  public ContentRoutes(TenantStore store, TaskBoard tasks, Indexing indexing) {
    this.store = store;
    this.tasks = tasks;
    this.indexing = indexing;
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/content/abstract", c -> Reply.full(Summaries.abstractOf(tree(c.id()), existing(c.id(),
            c.query().required("uri")))))
        .add("GET", "/api/v1/content/overview", c -> Reply.full(Summaries.overviewOf(tree(c.id()), existing(c.id(),
            c.query().required("uri")))))
        .add("POST", "/api/v1/content/write", c -> Reply.compact(write(c.id(), c.lenientBody())))
        .add("POST", "/api/v1/content/batch-write", c -> {
          throw batchWrite(c.body(BATCH_FIELDS));
        })
        .add("GET", "/api/v1/content/download", c -> Reply.raw(download(c.id(), c.query().required("uri"))));
  }

  /**
   * {@code content/batch-write}: its request checked as 0.5.2's models check it (both OpenViking
   * clients send each operation an {@code op} field, which 0.5.2 refuses as an extra input); a
   * request that passes is 501, as the stand-in does not apply batches.
   */
  private static ApiException batchWrite(Body body) {
    VikingUri.check(body.text("root_uri"));
    JsonNode operations = body.node("operations");
    if (operations == null) {
      throw ApiException.validation("body.operations", "Field required", "missing");
    }
    if (!operations.isArray()) {
      throw ApiException.validation("body.operations", "Input should be a valid list", "list_type");
    }
    for (int i = 0; i < operations.size(); i++) {
      JsonNode op = operations.get(i);
      String at = "body.operations." + i;
      if (!op.isObject()) {
        throw ApiException.validation(at, "Input should be a valid dictionary or object to extract fields from",
            "model_type");
      }
      if (!op.path("uri").isTextual()) {
        throw ApiException.validation(at + ".uri", op.has("uri") ? "Input should be a valid string" : "Field required",
            op.has("uri") ? "string_type" : "missing");
      }
      op.fieldNames().forEachRemaining(name -> {
        if (!BATCH_OPERATION_FIELDS.contains(name)) {
          throw ApiException.validation(at + "." + name, "Extra inputs are not permitted", "extra_forbidden");
        }
      });
      if (absent(op.path("content")) == absent(op.path("content_base64"))) {
        throw ApiException.validation(at, "Value error, exactly one of content or content_base64 is required",
            "value_error");
      }
    }
    return new ApiException("UNIMPLEMENTED", "content batch-write is not emulated: write each file with content/write",
        Map.of());
  }

  private static boolean absent(JsonNode value) {
    return value.isMissingNode() || value.isNull();
  }

  private VikingTree tree(Identity id) {
    return store.tenant(id.key()).tree();
  }

  private String existing(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    if (tree(id).find(uri) == null) {
      throw ApiException.notFound("Resource not found: " + uri, uri, "resource");
    }
    return uri;
  }

  /** A file's bytes; a directory or a missing URI is an error, as read answers. */
  private byte[] download(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree.Node node = tree(id).find(uri);
    if (node == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    if (node.dir()) {
      throw new ApiException("INVALID_ARGUMENT", "Directory URI is not downloadable as a file: " + uri,
          Map.of("actual", "directory", "expected", "file", "resource", uri));
    }
    return node.content().getBytes(StandardCharsets.UTF_8);
  }

  private Written write(Identity id, Body body) throws InterruptedException {
    String uri = VikingUri.check(body.text("uri"));
    String content = body.text("content");
    String mode = body.optionalText("mode") == null ? "replace" : body.text("mode");
    if (!List.of("replace", "append", "create").contains(mode)) {
      throw ApiException.invalid("mode must be replace, append or create: " + mode);
    }
    boolean wait = body.flag("wait", false);
    VikingTree tree = tree(id);
    VikingTree.Node node = tree.find(uri);
    if (node != null && node.dir()) {
      throw new ApiException("INVALID_ARGUMENT", "Directory URI is not writable as a file: " + uri,
          Map.of("actual", "directory", "expected", "file", "resource", uri));
    }
    if (node != null && mode.equals("create")) {
      throw new ApiException("ALREADY_EXISTS", "File already exists: " + uri, Map.of("resource", uri));
    }
    String stored = PrivacySanitizer.stored(store.tenant(id.key()), id, uri, content, PrivacySanitizer.CONTENT_REFUSAL);
    tree.writeFile(uri, node != null && mode.equals("append") ? node.content() + stored : stored);
    String parent = VikingUri.parent(uri) == null ? uri : VikingUri.parent(uri);
    int bytes = stored.getBytes(StandardCharsets.UTF_8).length;
    TaskBoard.Task task = tasks.submit("content_write", id.key(), uri, t -> {
      indexing.reindex(id, tree, uri, List.of(uri));
      return new Written(uri, parent, "resource", mode, bytes, true, "complete", "complete", null, t.id());
    });
    if (!wait) {
      return new Written(uri, parent, "resource", mode, bytes, true, "queued", "queued", null, task.id());
    }
    while (!task.terminal()) {
      Thread.sleep(5);
    }
    String status = task.status().equals("completed") ? "complete" : "failed";
    return new Written(uri, parent, "resource", mode, bytes, true, status, status,
        tasks.settledCounts(List.of("Embedding", "Semantic")), null);
  }
}
