package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's behaviour behind the routes: per-identity trees and sessions, background tasks,
 * the Lucene index. Routes are matched before authentication (an unknown path is the framework's
 * 404, a known one with another method its 405, as on OpenViking 0.5.2); each handler returns a
 * {@link Reply} or throws {@link ApiException}. What each answer holds follows the conformance
 * corpus recorded from the real server (src/test/resources/conformance).
 */
final class StandInApi implements AutoCloseable {
  static final String VERSION = "ovload-standin-0.1";
  /** The internal session a {@code reason} on add_resource is written to (OpenViking 0.5.2's name). */
  static final String REASON_SESSION = "__openviking_resource_reason__";
  /** The queues OpenViking 0.5.2's system/wait reports, in its order. */
  static final List<String> REAL_QUEUES = List.of("AddResource", "ContentWrite", "Embedding", "ExternalParse",
      "ExternalTask", "Reindex", "Semantic", "SessionCommit", "UserDeletion");
  private static final int MAX_HITS = 10_000;
  /** Compiled once: String.split compiles a multi-character pattern on every call. */
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** Who is asking. The key cannot collide: account {@code a} user {@code b/c} is not account {@code a/b} user {@code c}. */
  record Identity(String account, String user) {
    String key() {
      return account.length() + ":" + account + "/" + user;
    }
  }

  /** How the real route renders its envelope: every key, only status and result, or every key plus has_more. */
  enum Envelope { FULL, COMPACT, LISTING }

  record Reply(Object result, Envelope envelope) {}

  /** One request as a handler sees it. */
  record Call(Identity id, Matcher path, Map<String, String> query, JsonNode json, Multipart upload,
      OperationTelemetry telemetry) {}

  @FunctionalInterface
  interface Handler {
    Reply handle(Call call) throws InterruptedException;
  }

  private record Route(Pattern path, Map<String, Handler> methods) {}

  private final StandInConfig config;
  private final Faults faults;
  private final TaskBoard tasks;
  private final EmbeddingBreaker breaker;
  private final SearchIndex index = new SearchIndex();
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private volatile long uploadTtlMillis = TimeUnit.HOURS.toMillis(1);

  private record Upload(String tenant, String fileName, byte[] bytes, long createdMillis) {}

  /** One account and user's data: tree, sessions, path locks. */
  private static final class Tenant {
    final VikingTree tree = new VikingTree();
    final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
    final Set<String> lockedPaths = ConcurrentHashMap.newKeySet();
  }

  /**
   * The fields OpenViking 0.5.2's add_resource accepts (its request model forbids others): no
   * {@code timeout}, which it answers with 400.
   */
  static final Set<String> ADD_RESOURCE_FIELDS = Set.of("path", "temp_file_id", "add_type", "to", "parent",
      "create_parent", "reason", "instruction", "wait", "strict", "internal_task", "source_name", "ignore_dirs",
      "include", "exclude", "directly_upload_media", "preserve_structure", "args", "telemetry", "watch_interval",
      "is_active", "processing_mode", "tags", "tag_mode", "acl");
  /** FindRequest's fields (extra="forbid"). */
  static final Set<String> FIND_FIELDS = Set.of("query", "image_url", "target_uri", "context_type", "limit",
      "node_limit", "score_threshold", "filter", "include_provenance", "tags", "since", "until", "time_field",
      "level", "read_content", "telemetry", "events_time_decay_protection");
  /** SearchRequest's fields (extra="forbid"): find's plus the session and context options. */
  static final Set<String> SEARCH_FIELDS = union(FIND_FIELDS, Set.of("search_type", "session_id", "mode",
      "query_expansion", "max_tokens", "quotas", "purpose", "detail", "dedup_turns", "exclude_uris", "peer_scope",
      "other_peer_penalty", "rewrite", "rewrite_max_bullets"));

  /** What a failing model provider (mock 500) looks like through OpenViking 0.5.2. */
  static final String MODEL_ERROR = "model provider answered HTTP 500 (stand-in --model-error-rate)";
  static final String MODEL_UNAVAILABLE = "Upstream model service unavailable (HTTP 500): " + MODEL_ERROR;

  StandInApi(StandInConfig config, Faults faults) {
    this.config = config;
    this.faults = faults;
    this.tasks = new TaskBoard(config.resourceWorkers(), config.commitWorkers(), faults, config.stuckQueue());
    this.breaker = new EmbeddingBreaker(config.breakerResetMillis(), System::currentTimeMillis);
    route("/api/v1/system/status", "GET", c -> full(Map.of("initialized", true, "user", c.id().user())));
    route("/api/v1/system/wait", "POST", c -> full(waitProcessed()));
    route("/api/v1/resources/temp_upload", "POST", c -> compact(tempUpload(c.id(), c.upload())));
    route("/api/v1/resources", "POST", c -> compact(addResource(c.id(), Body.of(c.json(), ADD_RESOURCE_FIELDS))));
    route("/api/v1/search/find", "POST", c -> compact(find(c.id(), Body.of(c.json(), FIND_FIELDS), false, null,
        c.telemetry())));
    route("/api/v1/search/search", "POST", c -> {
      Body body = Body.of(c.json(), SEARCH_FIELDS);
      return compact(find(c.id(), body, true, body.optionalText("session_id"), c.telemetry()));
    });
    route("/api/v1/search/grep", "POST", c -> full(grep(c.id(), Body.lenient(c.json()))));
    route("/api/v1/search/glob", "POST", c -> full(glob(c.id(), Body.lenient(c.json()))));
    route("/api/v1/fs/mkdir", "POST", c -> {
      String uri = VikingUri.check(Body.lenient(c.json()).text("uri"));
      tenant(c.id()).tree.mkdir(uri);
      return full(Map.of("uri", uri));
    });
    route("/api/v1/fs", "DELETE", c -> full(rm(c.id(), c.query())));
    route("/api/v1/fs/ls", "GET", c -> new Reply(tenant(c.id()).tree.ls(VikingUri.check(required(c.query(), "uri"))),
        Envelope.LISTING));
    route("/api/v1/content/read", "GET", c -> full(read(c.id(), required(c.query(), "uri"))));
    Map<String, Handler> sessions = new LinkedHashMap<>();
    sessions.put("GET", c -> full(listSessions(c.id())));
    sessions.put("POST", c -> full(createSession(c.id(), Body.optional(c.json()))));
    routes.add(new Route(Pattern.compile("/api/v1/sessions"), sessions));
    Map<String, Handler> session = new LinkedHashMap<>();
    session.put("GET", c -> full(getSession(c.id(), c.path().group(1))));
    session.put("DELETE", c -> full(deleteSession(c.id(), c.path().group(1))));
    routes.add(new Route(Pattern.compile("/api/v1/sessions/([^/]+)"), session));
    route("/api/v1/sessions/([^/]+)/messages", "POST", c -> full(addMessage(c.id(), c.path().group(1), Body.lenient(c.json()))));
    route("/api/v1/sessions/([^/]+)/commit", "POST", c -> compact(commit(c.id(), c.path().group(1), Body.optional(c.json()))));
    route("/api/v1/tasks", "GET", c -> {
      int limit = c.query().containsKey("limit") ? positive(c.query().get("limit"), "limit") : 50;
      return full(tasks.list(c.id().key(), c.query().get("task_type"), c.query().get("status"),
          c.query().get("resource_id"), limit));
    });
    route("/api/v1/tasks/([^/]+)", "GET", c -> full(taskRecord(c.id(), c.path().group(1))));
    route("/api/v1/observer/(queue|vikingdb|models|lock|retrieval|filesystem|system)", "GET",
        c -> full(observer(c.path().group(1))));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new java.util.HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  private void route(String path, String method, Handler handler) {
    routes.add(new Route(Pattern.compile(path), Map.of(method, handler)));
  }

  private static Reply full(Object result) {
    return new Reply(result, Envelope.FULL);
  }

  private static Reply compact(Object result) {
    return new Reply(result, Envelope.COMPACT);
  }

  /** The handler for a method and path: the framework's 404 or 405 when there is none. */
  Handler resolve(String method, String path, Matcher[] matched) {
    for (Route r : routes) {
      Matcher m = r.path().matcher(path);
      if (m.matches()) {
        Handler h = r.methods().get(method);
        if (h == null) {
          throw ApiException.wrongMethod();
        }
        matched[0] = m;
        return h;
      }
    }
    throw ApiException.noRoute();
  }

  /** Test hook: how long an unclaimed temp upload is kept (the real server's default is an hour). */
  void expireUploadsAfter(long millis) {
    uploadTtlMillis = millis;
  }

  int unclaimedUploads() {
    return uploads.size();
  }

  boolean breakerOpen() {
    return breaker.isOpen();
  }

  private Tenant tenant(Identity id) {
    return tenants.computeIfAbsent(id.key(), k -> new Tenant());
  }

  private static String required(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null) {
      throw ApiException.validation("query." + name, "Field required", "missing");
    }
    return value;
  }

  private static int positive(String value, String name) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.validation("query." + name, "Input should be greater than or equal to 1", "greater_than_equal");
  }

  Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("healthy", true);
    h.put("version", VERSION);
    h.put("auth_mode", config.authMode());
    h.put("root_api_key_required", config.authMode().equals("trusted"));
    return h;
  }

  private Map<String, Object> observer(String name) {
    if (name.equals("system")) {
      Map<String, Object> components = new LinkedHashMap<>();
      boolean healthy = true;
      for (String component : List.of("queue", "vikingdb", "models", "lock", "retrieval", "filesystem")) {
        Map<String, Object> o = observer(component);
        healthy &= (Boolean) o.get("is_healthy");
        components.put(component, o);
      }
      Map<String, Object> system = new LinkedHashMap<>();
      system.put("is_healthy", healthy);
      system.put("errors", List.of());
      system.put("components", components);
      return system;
    }
    boolean errors = false;
    String table;
    if (name.equals("queue")) {
      table = tasks.queueTable();
      for (TaskBoard.Queue q : tasks.queues()) {
        errors |= q.errors.get() > 0;
      }
    } else if (name.equals("models")) {
      errors = breaker.isOpen();
      table = "embedding: " + (breaker.isOpen() ? "circuit breaker OPEN" : "ok") + " (ovload stand-in)";
    } else {
      table = name + ": ok (ovload stand-in)";
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", name);
    o.put("is_healthy", !errors || name.equals("queue"));
    o.put("has_errors", errors);
    o.put("status", table);
    return o;
  }

  /** Processed and error counts under OpenViking 0.5.2's queue names; rm's refresh runs on Semantic. */
  private Map<String, Object> queueCounts(List<String> names) {
    Map<String, Object> result = new LinkedHashMap<>();
    for (String name : names) {
      List<String> types = switch (name) {
        case "AddResource", "Embedding" -> List.of("add_resource");
        case "Semantic" -> List.of("add_resource", "fs_rm");
        case "SessionCommit" -> List.of("session_commit");
        default -> List.of();
      };
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("processed", types.stream().mapToLong(tasks::processed).sum());
      counts.put("requeue_count", tasks.requeued(name));
      counts.put("error_count", types.stream().mapToLong(tasks::errors).sum());
      counts.put("errors", List.of());
      result.put(name, counts);
    }
    return result;
  }

  /**
   * Waits until the queues are idle. Like OpenViking 0.5.2 it reads no body: a {@code timeout} is
   * ignored (the client's own timeout bounds the wait). The result is per-queue counts.
   */
  private Map<String, Object> waitProcessed() throws InterruptedException {
    if (!tasks.awaitIdle(TimeUnit.MINUTES.toMillis(30))) {
      throw new ApiException("DEADLINE_EXCEEDED", "queues still busy after 30 minutes");
    }
    return queueCounts(REAL_QUEUES);
  }

  private Map<String, Object> tempUpload(Identity id, Multipart upload) {
    long now = System.currentTimeMillis();
    uploads.values().removeIf(u -> now - u.createdMillis() > uploadTtlMillis); // unclaimed uploads expire
    if (upload == null) {
      throw ApiException.validation("body.file", "Field required", "missing");
    }
    String ext = upload.fileName().contains(".") ? upload.fileName().substring(upload.fileName().lastIndexOf('.')) : "";
    byte[] raw = new byte[8];
    ThreadLocalRandom.current().nextBytes(raw);
    String tempId = "upload_" + HexFormat.of().formatHex(raw) + ext;
    uploads.put(tempId, new Upload(id.key(), upload.fileName(), upload.bytes(), now));
    return Map.of("temp_file_id", tempId);
  }

  private Map<String, Object> addResource(Identity id, Body body) throws InterruptedException {
    String tempId = body.optionalText("temp_file_id");
    String path = body.optionalText("path");
    Upload upload;
    if (tempId == null && path == null) {
      throw ApiException.validation("body", "Value error, Either 'path' or 'temp_file_id' must be provided", "value_error");
    }
    if (tempId != null) {
      upload = uploads.remove(tempId);
      if (upload == null || !upload.tenant().equals(id.key())
          || System.currentTimeMillis() - upload.createdMillis() > uploadTtlMillis) {
        // OpenViking 0.5.2's answer to an unknown, expired or another identity's temp_file_id
        throw new ApiException("PERMISSION_DENIED",
            "HTTP server only accepts regular files from the upload temp directory.");
      }
    } else if (path.startsWith("http://") || path.startsWith("https://")) {
      throw new ApiException("UNIMPLEMENTED", "the stand-in fetches no remote URLs: upload the file instead");
    } else {
      throw new ApiException("PERMISSION_DENIED", "HTTP server only accepts remote resource URLs or temp-uploaded "
          + "files; direct host filesystem paths are not allowed.");
    }
    String sourceName = body.optionalText("source_name") != null ? body.optionalText("source_name") : upload.fileName();
    // As OpenViking 0.5.2: the resource is a directory, `to` itself (or `<parent>/<stem>`, or
    // viking://resources/<stem>), and the file lands in it as `<root>/<source_name>`; adding to an
    // existing `to` again replaces that directory's content.
    String stem = sourceName.contains(".") ? sourceName.substring(0, sourceName.lastIndexOf('.')) : sourceName;
    String parent = body.optionalText("parent");
    if (parent != null && body.optionalText("to") != null) {
      throw ApiException.invalid("'to' and 'parent' cannot be used together");
    }
    String to = body.optionalText("to") != null ? VikingUri.check(body.text("to"))
        : parent != null ? VikingUri.check(parent) + "/" + stem : "viking://resources/" + stem;
    if (!VikingUri.isUnder(to, "viking://resources") || to.equals("viking://resources")) {
      throw new ApiException("INVALID_URI", "Invalid URI: " + to + " (resources go under viking://resources/)",
          Map.of("reason", "resources go under viking://resources/", "uri", to));
    }
    Tenant tenant = tenant(id);
    String reason = body.optionalText("reason");
    if (!tenant.lockedPaths.add(to)) {
      throw new ApiException("CONFLICT", "path is locked by a running write: " + to,
          Map.of("conflict_type", "path_locked", "retryable", true, "resource", to, "uri", to));
    }
    String content = new String(upload.bytes(), StandardCharsets.UTF_8);
    TaskBoard.Task task;
    String sourcePath = "/upload/" + tempId;
    try {
      String fileUri = to + "/" + sourceName;
      task = tasks.submit("add_resource", id.key(), to,
          t -> process(id, tenant, to, fileUri, content, sourcePath, reason, t));
      task.meta = Map.of("source_path", sourcePath);
    } catch (RuntimeException e) {
      tenant.lockedPaths.remove(to);
      throw e;
    }
    if (body.flag("wait", false)) {
      long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(30);
      while (!task.terminal() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      if (task.status.equals("failed")) {
        throw new ApiException("PROCESSING_ERROR", task.error);
      }
      return castMap(task.result); // a wait=true add answers with the task's result and no task_id
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "success");
    result.put("root_uri", to);
    result.put("source_path", sourcePath);
    result.put("task_id", task.id);
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object o) {
    return (Map<String, Object>) o;
  }

  /**
   * The add_resource task: chunk, embed each chunk (through the circuit breaker), index it, show
   * the file in the tree; then, with a {@code reason}, write it to the internal reason session and
   * commit that (a SessionCommit task), as OpenViking 0.5.2 links resources to memory.
   */
  private Object process(Identity id, Tenant tenant, String root, String uri, String content, String sourcePath,
      String reason, TaskBoard.Task task) throws InterruptedException {
    List<String> chunks;
    try {
      chunks = Chunker.chunks(content);
      task.update("running", "embedding");
      tenant.tree.rm(root, true); // a re-add replaces the resource directory's content
      index.removeUnder(id.key(), root);
      for (int i = 0; i < chunks.size(); i++) {
        embed(config.embedMsPerChunk());
        index.add(id.key(), "resource", uri, i, chunks.get(i));
      }
      tenant.tree.writeFile(uri, content);
    } finally {
      tenant.lockedPaths.remove(root);
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "success");
    result.put("errors", List.of());
    result.put("root_uri", root);
    result.put("source_path", sourcePath);
    result.put("temp_uri", "viking://temp/" + UUID.randomUUID());
    result.put("meta", Map.of());
    result.put("context_count", chunks.size() + 2); // the file's chunks and the directory's two summaries
    result.put("queue_status", queueCounts(List.of("Embedding", "Semantic")));
    result.put("usage", usage(chunks.size()));
    if (reason != null && !reason.isEmpty()) {
      result.put("memory_linking", linkReason(id, tenant, reason, root));
    }
    return result;
  }

  private static Map<String, Object> usage(int embedded) {
    Map<String, Object> llm = Map.of("input", 0, "output", 0, "total", 0);
    Map<String, Object> tokens = new LinkedHashMap<>();
    tokens.put("embedding", Map.of("total", embedded));
    tokens.put("llm", llm);
    tokens.put("stages", Map.of("embed_resource", Map.of("embedding", Map.of("total", embedded)),
        "semantic_execute", Map.of("llm", llm)));
    tokens.put("total", embedded);
    return Map.of("tokens", tokens);
  }

  /**
   * One message in the identity's internal reason session, committed at once: every add with a
   * reason serialises on that one session's lock and queues a commit.
   */
  private Map<String, Object> linkReason(Identity id, Tenant tenant, String reason, String resourceUri) {
    ChatSession session = tenant.sessions.computeIfAbsent(REASON_SESSION, ChatSession::new);
    session.lock.lock();
    try {
      session.append("user", reason + "\n" + resourceUri);
      List<Map<String, String>> archived = session.archive();
      int archiveIndex = session.archiveCount();
      TaskBoard.Task commit = tasks.submit("session_commit", id.key(), REASON_SESSION,
          t -> extract(id, REASON_SESSION, archiveIndex, archived));
      Map<String, Object> linking = new LinkedHashMap<>();
      linking.put("status", "accepted");
      linking.put("session_id", REASON_SESSION);
      linking.put("archive_uri", archiveUri(id, REASON_SESSION, archiveIndex));
      linking.put("commit_task_id", commit.id);
      return linking;
    } finally {
      session.lock.unlock();
    }
  }

  /** One embedding: the model delay, refused while the circuit breaker is open. */
  private void embed(long delayMillis) throws InterruptedException {
    if (!breaker.allows()) {
      throw new IllegalStateException("Circuit breaker is OPEN");
    }
    faults.modelDelay(delayMillis);
    if (faults.modelFails()) {
      breaker.failure();
      throw new IllegalStateException("Failed to generate embedding: " + MODEL_ERROR);
    }
    breaker.success();
  }

  /**
   * find, or search ({@code planned}): as OpenViking 0.5.2's search, it reads the target's abstract,
   * then with session context plans its queries (intent analysis; the mock planner's plan has one
   * query per context type: resource and memory) and runs them at once. The stand-in's one pass over
   * its index serves both types, so the planned queries share the embedding's and the index's time,
   * and each stage is that time summed over the queries, as OpenViking's telemetry sums it.
   */
  private Map<String, Object> find(Identity id, Body body, boolean planned, String sessionId, OperationTelemetry telemetry)
      throws InterruptedException {
    String query = body.optionalText("query") == null ? "" : body.text("query");
    long limit = body.whole("limit", 10, 1);
    body.whole("node_limit", 1, 1);
    String target = body.optionalText("target_uri") == null || body.optionalText("target_uri").isEmpty()
        ? "viking://" : VikingUri.check(body.text("target_uri"));
    if (query.isBlank()) {
      throw ApiException.invalid("Search query or image_url must not be empty unless a filter is provided.");
    }
    slowRetrieval();
    if (planned && !target.equals("viking://")) {
      long abstractStart = System.nanoTime();
      tenant(id).tree.find(target);
      telemetry.stage("target_abstract", abstractStart, 1);
    }
    List<String> context = List.of();
    int queries = 1;
    if (sessionId != null) {
      ChatSession session = tenant(id).sessions.get(sessionId);
      if (session != null) {
        session.lock.lock();
        try {
          context = session.recentText(5);
        } finally {
          session.lock.unlock();
        }
        if (!context.isEmpty()) {
          long intentStart = System.nanoTime();
          faults.modelDelay(config.modelMode().intentMs); // intent analysis: one model call
          telemetry.stage("intent_analysis", intentStart, 1);
          queries = 2;
        }
      }
    }
    if (planned) {
      telemetry.queries(queries);
    }
    // the queries' embeddings: the real server makes one per query. An open breaker is a
    // 500 INTERNAL (an unmapped CircuitBreakerOpen), a failing model a 503.
    if (!breaker.allows()) {
      throw new ApiException("INTERNAL", "Internal server error");
    }
    if (faults.modelFails()) {
      breaker.failure();
      throw new ApiException("UNAVAILABLE", MODEL_UNAVAILABLE);
    }
    breaker.success();
    long embedStart = System.nanoTime();
    faults.modelDelay(config.embedMsPerChunk());
    telemetry.stage("embed_query", embedStart, queries);
    if (telemetry.asked()) { // counting words costs a split per find: only when the tokens are reported
      telemetry.embeddingTokens((long) queries * WHITESPACE.split(query.strip()).length);
    }
    long searchStart = System.nanoTime();
    List<Map<String, Object>> hits = index.search(id.key(), target, query, context, (int) Math.min(limit, MAX_HITS));
    telemetry.stage("vector_retrieval", searchStart, queries);
    List<Map<String, Object>> memories = new ArrayList<>();
    List<Map<String, Object>> resources = new ArrayList<>();
    hits.forEach(h -> ("memory".equals(h.get("context_type")) ? memories : resources).add(h));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("memories", memories);
    result.put("resources", resources);
    result.put("skills", List.of());
    result.put("total", hits.size());
    return result;
  }

  /** A deliberately slow server (load-model tests): every retrieval takes this much longer. */
  private void slowRetrieval() throws InterruptedException {
    if (config.retrievalDelayMs() > 0) {
      Thread.sleep(config.retrievalDelayMs());
    }
  }

  private Object read(Identity id, String rawUri) {
    String uri = VikingUri.check(rawUri);
    VikingTree.Node node = tenant(id).tree.find(uri);
    if (node == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    if (node.dir()) {
      throw new ApiException("INVALID_ARGUMENT", "Directory URI is not readable as a file: " + uri
          + ". List it first, then read a file URI.", Map.of("actual", "directory", "expected", "file", "resource", uri));
    }
    return node.content();
  }

  private Map<String, Object> grep(Identity id, Body body) throws InterruptedException {
    String uri = VikingUri.check(body.text("uri"));
    String pattern = body.text("pattern");
    long limit = body.has("node_limit") ? body.whole("node_limit", 256, Long.MIN_VALUE) : 256;
    slowRetrieval();
    VikingTree tree = tenant(id).tree;
    if (!uri.equals("viking://") && tree.find(uri) == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    VikingTree.GrepResult found = tree.grep(uri, pattern, body.flag("case_insensitive", false),
        (int) Math.max(0, Math.min(limit, MAX_HITS)));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("matches", found.matches());
    result.put("count", found.matches().size());
    result.put("match_count", found.matches().size());
    result.put("files_scanned", found.filesScanned());
    return result;
  }

  private Map<String, Object> glob(Identity id, Body body) throws InterruptedException {
    String pattern = body.text("pattern");
    String uri = body.optionalText("uri") == null ? "viking://" : VikingUri.check(body.text("uri"));
    long limit = body.has("node_limit") ? body.whole("node_limit", 256, Long.MIN_VALUE) : 256;
    slowRetrieval();
    List<String> matches = tenant(id).tree.glob(uri, pattern, (int) Math.max(0, Math.min(limit, MAX_HITS)));
    return Map.of("matches", matches, "count", matches.size());
  }

  /**
   * Removes at once, as OpenViking 0.5.2 does, then queues the parent's semantic refresh as an
   * {@code fs_rm} task on the resource workers: {@code task_id} in the answer, or with
   * {@code wait=true} the queue counts once it ran. A directory needs {@code recursive=true},
   * even an empty one (400); a missing URI removes nothing (200).
   */
  private Map<String, Object> rm(Identity id, Map<String, String> query) throws InterruptedException {
    String uri = VikingUri.check(required(query, "uri"));
    boolean recursive = bool(query, "recursive");
    boolean wait = bool(query, "wait");
    Tenant tenant = tenant(id);
    VikingTree.Node node = tenant.tree.find(uri);
    // a missing URI is 200 with nothing removed, as OpenViking 0.5.2 answers
    if (node != null && node.dir() && !recursive) {
      throw new ApiException("INVALID_ARGUMENT", "Cannot remove directory without --recursive: " + uri,
          Map.of("expected_flag", "--recursive", "resource", uri));
    }
    List<String> removed = tenant.tree.rm(uri, true);
    index.removeUnder(id.key(), uri);
    String parent = VikingUri.parent(uri) == null ? "viking://" : VikingUri.parent(uri);
    TaskBoard.Task refresh = tasks.submit("fs_rm", id.key(), uri, t -> {
      faults.modelDelay(config.embedMsPerChunk()); // the parent's summary is rewritten and re-embedded
      return Map.of("uri", uri, "semantic_root_uri", parent);
    });
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("uri", uri);
    result.put("estimated_deleted_count", removed.size());
    result.put("memory_cleanup", Map.of("memory_uris", List.of(), "status", "no_references"));
    result.put("semantic_root_uri", parent);
    if (wait) {
      while (!refresh.terminal()) {
        Thread.sleep(5);
      }
      result.put("semantic_status", refresh.status.equals("completed") ? "completed" : "failed");
      result.put("queue_status", queueCounts(List.of("Embedding", "Semantic")));
    } else {
      result.put("semantic_status", "queued");
      result.put("task_id", refresh.id);
    }
    return result;
  }

  private static boolean bool(Map<String, String> query, String name) {
    String value = query.getOrDefault(name, "false").toLowerCase(java.util.Locale.ROOT);
    return switch (value) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ApiException.validation("query." + name, "Input should be a valid boolean, unable to "
          + "interpret input", "bool_parsing");
    };
  }

  private static String iso(double epochSeconds) {
    return Instant.ofEpochMilli((long) (epochSeconds * 1000)).toString();
  }

  /** The session's URI, checked as the real server checks it: {@code ..} is 403, other bad ids 400. */
  private static String sessionUri(Identity id, String sessionId) {
    return VikingUri.check("viking://user/" + id.user() + "/sessions/" + sessionId);
  }

  private static String archiveUri(Identity id, String sessionId, int archiveIndex) {
    return "viking://user/" + id.user() + "/sessions/" + sessionId + "/history/archive_"
        + String.format("%03d", archiveIndex);
  }

  private List<Map<String, Object>> listSessions(Identity id) {
    List<Map<String, Object>> out = new ArrayList<>();
    tenant(id).sessions.values().stream()
        .filter(s -> !s.id.equals(REASON_SESSION))
        .sorted(java.util.Comparator.comparing(s -> s.id))
        .forEach(s -> out.add(Map.of("session_id", s.id, "uri", sessionUri(id, s.id), "is_dir", true,
            "mod_time", iso(s.modTime()))));
    return out;
  }

  private ChatSession session(Identity id, String sessionId, boolean create) {
    sessionUri(id, sessionId);
    Map<String, ChatSession> sessions = tenant(id).sessions;
    ChatSession s = create ? sessions.computeIfAbsent(sessionId, ChatSession::new) : sessions.get(sessionId);
    if (s == null) {
      throw ApiException.notFound("Session not found: " + sessionId, sessionId, "session");
    }
    return s;
  }

  private Map<String, Object> createSession(Identity id, Body body) {
    String sessionId = body.optionalText("session_id") != null ? body.text("session_id") : UUID.randomUUID().toString();
    session(id, sessionId, true);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("session_id", sessionId);
    result.put("uri", sessionUri(id, sessionId));
    result.put("user", Map.of("account_id", id.account(), "user_id", id.user()));
    result.put("auto_commit_policy", null);
    result.put("memory_extraction_config", Map.of("events", Map.of("tags", List.of())));
    return result;
  }

  private Map<String, Object> getSession(Identity id, String sessionId) {
    sessionUri(id, sessionId);
    ChatSession s = tenant(id).sessions.get(sessionId);
    if (s == null) {
      throw ApiException.plainNotFound("Session " + sessionId + " not found");
    }
    s.lock.lock();
    try {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("session_id", sessionId);
      r.put("uri", sessionUri(id, sessionId));
      r.put("user", Map.of("account_id", id.account(), "user_id", id.user()));
      r.put("created_by_account_id", id.account());
      r.put("created_by_user_id", id.user());
      r.put("created_at", iso(s.createdAt()));
      r.put("updated_at", iso(s.modTime()));
      r.put("message_count", s.pendingMessages());
      r.put("total_message_count", s.messageCount());
      r.put("pending_tokens", s.pendingTokens());
      r.put("commit_count", s.archiveCount());
      r.put("last_message_at", s.lastMessageAt() == 0 ? "" : iso(s.lastMessageAt()));
      r.put("last_commit_at", s.lastCommitAt() == 0 ? "" : iso(s.lastCommitAt()));
      r.put("last_auto_commit_at", "");
      r.put("last_idle_commit_accepted_at", "");
      r.put("keep_recent_count", 0);
      r.put("keep_recent_turn_count", 0);
      r.put("min_raw_tail_steps", 0);
      r.put("retained_message_token_budget", 0);
      r.put("retention_mode", "count");
      r.put("memories_extracted", Map.of("total", s.archiveCount()));
      r.put("embedding_token_usage", Map.of("total_tokens", 0));
      r.put("llm_token_usage", Map.of("cached_tokens", 0, "completion_tokens", 0, "prompt_tokens", 0,
          "reasoning_tokens", 0, "total_tokens", 0));
      r.put("memory_extraction_config", Map.of("events", Map.of("tags", List.of())));
      r.put("auto_commit_policy", null);
      r.put("memory_policy", null);
      return r;
    } finally {
      s.lock.unlock();
    }
  }

  private Map<String, Object> deleteSession(Identity id, String sessionId) {
    sessionUri(id, sessionId);
    if (tenant(id).sessions.remove(sessionId) == null) {
      throw ApiException.notFound("Session not found: " + sessionId, sessionId, "session");
    }
    return Map.of("session_id", sessionId);
  }

  /** Any role is stored (the real server accepts it); content or parts is required. */
  private Map<String, Object> addMessage(Identity id, String sessionId, Body body) {
    String role = body.text("role");
    String content = body.optionalText("content");
    if (content == null && !body.has("parts")) {
      throw ApiException.validation("body", "Value error, Either 'content' or 'parts' must be provided", "value_error");
    }
    ChatSession session = session(id, sessionId, true);
    session.lock.lock();
    try {
      int count = session.append(role, content == null ? "(parts)" : content);
      return Map.of("session_id", sessionId, "message_count", count, "pending_tokens", session.pendingTokens());
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Archives the pending messages under the session's lock, then queues the extraction. Accepts
   * the Python client's {@code keep_recent_count} (and ignores fields it does not know, as the
   * real model does).
   */
  private Map<String, Object> commit(Identity id, String sessionId, Body body) {
    body.whole("keep_recent_count", 0, 0);
    ChatSession session = session(id, sessionId, false);
    session.lock.lock(); // the archive lock: commits of one session serialise
    try {
      int activeTokens = session.pendingTokens();
      List<Map<String, String>> archived = session.archive();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("session_id", sessionId);
      result.put("trace_id", UUID.randomUUID().toString().replace("-", ""));
      result.put("effective_enable_working_memory", false);
      if (archived == null) {
        result.put("status", "skipped");
        result.put("reason", "no_pending_messages");
        result.put("task_id", null);
        result.put("archive_uri", null);
        result.put("archived", false);
        return result;
      }
      int archiveIndex = session.archiveCount();
      TaskBoard.Task task = tasks.submit("session_commit", id.key(), sessionId,
          t -> extract(id, sessionId, archiveIndex, archived));
      result.put("status", "accepted");
      result.put("task_id", task.id);
      result.put("archive_uri", archiveUri(id, sessionId, archiveIndex));
      result.put("archived", true);
      result.put("budget_exceeded", false);
      result.put("estimated_active_tokens", activeTokens);
      return result;
    } finally {
      session.lock.unlock();
    }
  }

  /** The session_commit task: "extract" the archive's memory after the model delay and index it. */
  private Object extract(Identity id, String sessionId, int archiveIndex, List<Map<String, String>> messages)
      throws InterruptedException {
    faults.modelDelay(config.extractMsPerCommit());
    if (faults.modelFails()) {
      throw new IllegalStateException("memory extraction failed: " + MODEL_ERROR);
    }
    StringBuilder memory = new StringBuilder();
    messages.forEach(m -> memory.append(m.get("role")).append(": ").append(m.get("content")).append('\n'));
    String uri = "viking://user/memories/" + sessionId + "/memory-" + archiveIndex + ".md";
    String text = memory.length() > 4000 ? memory.substring(0, 4000) : memory.toString();
    tenant(id).tree.writeFile(uri, text);
    index.add(id.key(), "memory", uri, 0, text);
    Map<String, Object> llm = Map.of("cached_tokens", 0, "completion_tokens", 0, "prompt_tokens", 0,
        "reasoning_tokens", 0, "total_tokens", 0);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("session_id", sessionId);
    result.put("archive_uri", archiveUri(id, sessionId, archiveIndex));
    result.put("memories_extracted", Map.of("events", 1));
    result.put("memory_diff_uri", archiveUri(id, sessionId, archiveIndex) + "/memory_diff.json");
    result.put("memory_extraction", Map.of("skipped", 0, "skipped_operations", List.of()));
    result.put("effective_memory_types", List.of("events"));
    result.put("agent_evolution_enabled", false);
    result.put("agent_memory_skip_reason", "disabled");
    result.put("session_skill_uris", List.of());
    result.put("session_skills_extracted", 0);
    result.put("usage_events_extracted", 0);
    result.put("token_usage", Map.of("embedding", Map.of("total_tokens", 1), "llm", llm,
        "total", Map.of("cached_tokens", 0, "reasoning_tokens", 0, "total_tokens", 1)));
    return result;
  }

  private Map<String, Object> taskRecord(Identity id, String taskId) {
    TaskBoard.Task task = tasks.find(id.key(), taskId);
    if (task == null) {
      throw ApiException.notFound("Task not found or expired", taskId, "task");
    }
    return task.record();
  }

  /** Counters for tests and benchmarks: messages by state, across all identities. */
  StandInStats stats() {
    long pending = 0;
    long archived = 0;
    for (Tenant t : tenants.values()) {
      for (ChatSession s : t.sessions.values()) {
        if (s.id.equals(REASON_SESSION)) {
          continue;
        }
        s.lock.lock();
        try {
          pending += s.pendingMessages();
          archived += s.archivedMessages();
        } finally {
          s.lock.unlock();
        }
      }
    }
    Map<String, Long> byStatus = tasks.countsByStatus();
    return new StandInStats(pending, archived, byStatus.get("completed"), byStatus.get("failed"),
        byStatus.get("pending") + byStatus.get("running"));
  }

  @Override
  public void close() {
    tasks.close();
    index.close();
  }
}
