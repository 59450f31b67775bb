package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stand-in's behaviour behind the routes: per-identity trees and sessions, background tasks,
 * the Lucene index. Each method returns an envelope's {@code result} or throws {@link ApiException}.
 */
final class StandInApi implements AutoCloseable {
  static final String VERSION = "ovload-standin-0.1";
  private static final Pattern SESSION_ROUTE = Pattern.compile("/api/v1/sessions/([^/]+)(/messages|/commit)?");
  private static final Pattern TASK_ROUTE = Pattern.compile("/api/v1/tasks/([^/]+)");
  private static final Pattern OBSERVER_ROUTE = Pattern.compile("/api/v1/observer/([a-z]+)");
  private static final Set<String> OBSERVERS = Set.of("queue", "vikingdb", "models", "lock", "retrieval", "filesystem");

  private final StandInConfig config;
  private final Faults faults;
  private final TaskBoard tasks;
  private final SearchIndex index = new SearchIndex();
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();
  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private final Object reasonLock = new Object();
  private final long startedMillis = System.currentTimeMillis();

  private record Upload(String tenant, String fileName, byte[] bytes) {}

  /** One account and user's data: tree, sessions, path locks, and the shared "reasons" session. */
  private static final class Tenant {
    final VikingTree tree = new VikingTree();
    final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
    final Set<String> lockedPaths = ConcurrentHashMap.newKeySet();
    final List<String> reasons = new ArrayList<>();
  }

  /**
   * The fields OpenViking 0.5.2's add_resource accepts (its request model forbids others): no
   * {@code timeout}, which it answers with 400.
   */
  static final Set<String> ADD_RESOURCE_FIELDS = Set.of("path", "temp_file_id", "add_type", "to", "parent",
      "create_parent", "reason", "instruction", "wait", "strict", "internal_task", "source_name", "ignore_dirs",
      "include", "exclude", "directly_upload_media", "preserve_structure", "args", "telemetry", "watch_interval",
      "is_active", "processing_mode", "tags", "tag_mode", "acl");

  /**
   * The fields of OpenViking 0.5.2's commit request (its model forbids others). The official client
   * (openviking-sdk 0.1.17) always sends {@code keep_recent_count}; the stand-in archives every
   * message whatever the count, but checks it as the real server does.
   */
  static final Set<String> COMMIT_FIELDS = Set.of("enable_working_memory", "reset_context", "keep_recent_count",
      "retention_mode", "keep_recent_turn_count", "retained_message_token_budget", "min_raw_tail_steps",
      "extraction_metadata", "telemetry");

  /**
   * The fields of OpenViking 0.5.2's grep and glob requests; the real {@code ov} sends {@code
   * level_limit} with every grep. The stand-in reads the ones the suite sends and accepts the rest.
   */
  static final Set<String> GREP_FIELDS = Set.of("uri", "exclude_uri", "pattern", "case_insensitive", "node_limit",
      "level_limit", "tags", "include_tags", "before_context", "after_context");
  static final Set<String> GLOB_FIELDS = Set.of("pattern", "uri", "node_limit", "extra_fields", "tags", "include_tags");

  /** What a failing model provider (mock 500) looks like through OpenViking 0.5.2. */
  static final String MODEL_ERROR = "model provider answered HTTP 500 (stand-in --model-error-rate)";
  static final String MODEL_UNAVAILABLE = "Upstream model service unavailable (HTTP 500): " + MODEL_ERROR;

  StandInApi(StandInConfig config, Faults faults) {
    this.config = config;
    this.faults = faults;
    this.tasks = new TaskBoard(config.resourceWorkers(), config.commitWorkers(), faults);
  }

  private Tenant tenant(String key) {
    return tenants.computeIfAbsent(key, k -> new Tenant());
  }

  /** Dispatches one authenticated API request. */
  Object handle(String tenantKey, String method, String path, Map<String, String> query, JsonNode json, Multipart upload)
      throws InterruptedException {
    Matcher m;
    switch (path) {
      case "/api/v1/system/status" -> { requireMethod(method, "GET"); return status(); }
      case "/api/v1/system/wait" -> { requireMethod(method, "POST"); return waitProcessed(); }
      case "/api/v1/resources/temp_upload" -> { requireMethod(method, "POST"); return tempUpload(tenantKey, upload); }
      case "/api/v1/resources" -> {
        requireMethod(method, "POST");
        return addResource(tenantKey, Body.of(json, ADD_RESOURCE_FIELDS));
      }
      case "/api/v1/search/find" -> {
        requireMethod(method, "POST");
        return find(tenantKey, Body.of(json, Set.of("query", "target_uri", "limit", "score_threshold")), null);
      }
      case "/api/v1/search/search" -> {
        requireMethod(method, "POST");
        Body body = Body.of(json, Set.of("query", "target_uri", "session_id", "limit", "score_threshold"));
        return find(tenantKey, body, body.optionalText("session_id"));
      }
      case "/api/v1/search/grep" -> { requireMethod(method, "POST"); return grep(tenantKey, Body.of(json, GREP_FIELDS)); }
      case "/api/v1/search/glob" -> { requireMethod(method, "POST"); return glob(tenantKey, Body.of(json, GLOB_FIELDS)); }
      case "/api/v1/fs/mkdir" -> {
        requireMethod(method, "POST");
        String uri = VikingUri.check(Body.of(json, Set.of("uri")).text("uri"));
        tenant(tenantKey).tree.mkdir(uri);
        return Map.of("uri", uri);
      }
      case "/api/v1/fs" -> { requireMethod(method, "DELETE"); return rm(tenantKey, query); }
      case "/api/v1/fs/ls" -> { requireMethod(method, "GET"); return tenant(tenantKey).tree.ls(VikingUri.check(query.get("uri"))); }
      case "/api/v1/content/read" -> {
        requireMethod(method, "GET");
        VikingTree.Node node = tenant(tenantKey).tree.get(VikingUri.check(query.get("uri")));
        if (node.dir()) {
          throw ApiException.invalid("a directory has no content: " + node.uri());
        }
        return node.content();
      }
      case "/api/v1/sessions" -> { requireMethod(method, "GET"); return listSessions(tenantKey); }
      case "/api/v1/tasks" -> {
        requireMethod(method, "GET");
        int limit = query.containsKey("limit") ? positive(query.get("limit"), "limit") : 100;
        return tasks.list(tenantKey, query.get("task_type"), query.get("status"), query.get("resource_id"), limit);
      }
      default -> { }
    }
    if ((m = SESSION_ROUTE.matcher(path)).matches()) {
      String id = m.group(1);
      if (m.group(2) == null) {
        requireMethod(method, "DELETE");
        return deleteSession(tenantKey, id);
      }
      requireMethod(method, "POST");
      return m.group(2).equals("/messages")
          ? addMessage(tenantKey, id, Body.of(json, Set.of("role", "content")))
          : commit(tenantKey, id, Body.of(json, COMMIT_FIELDS));
    }
    if ((m = TASK_ROUTE.matcher(path)).matches()) {
      requireMethod(method, "GET");
      return tasks.get(tenantKey, m.group(1)).record();
    }
    if ((m = OBSERVER_ROUTE.matcher(path)).matches()) {
      requireMethod(method, "GET");
      return observer(m.group(1));
    }
    throw ApiException.notFound("no route " + method + " " + path);
  }

  private static void requireMethod(String method, String expected) {
    if (!method.equals(expected)) {
      throw new ApiException("METHOD_NOT_ALLOWED", "use " + expected + " on this route");
    }
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
    throw ApiException.invalid("'" + name + "' must be a positive whole number");
  }

  Map<String, Object> health() {
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("status", "ok");
    h.put("healthy", true);
    h.put("version", VERSION);
    h.put("auth_mode", config.authMode());
    return h;
  }

  private Map<String, Object> status() {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("version", VERSION);
    s.put("uptime_seconds", (System.currentTimeMillis() - startedMillis) / 1000.0);
    s.put("auth_mode", config.authMode());
    s.put("model_mode", config.modelMode().name().toLowerCase());
    s.put("identities", tenants.size());
    s.put("files", tenants.values().stream().mapToInt(t -> t.tree.fileCount()).sum());
    s.put("sessions", tenants.values().stream().mapToInt(t -> t.sessions.size()).sum());
    s.put("tasks", tasks.countsByStatus());
    Map<String, Object> pools = new LinkedHashMap<>();
    tasks.queues().forEach(q -> pools.put(q.name + "_workers", q.workers));
    pools.put("http_threads", config.httpThreads());
    s.put("pools", pools);
    return s;
  }

  private Map<String, Object> observer(String name) {
    if (name.equals("system")) {
      Map<String, Object> components = new LinkedHashMap<>();
      for (String component : OBSERVERS) {
        Map<String, Object> o = observer(component);
        components.put(component, Map.of("is_healthy", o.get("is_healthy"), "has_errors", o.get("has_errors")));
      }
      return Map.of("is_healthy", true, "errors", List.of(), "components", components);
    }
    if (!OBSERVERS.contains(name)) {
      throw ApiException.notFound("no observer '" + name + "': known are system, " + OBSERVERS);
    }
    boolean errors = false;
    String table;
    if (name.equals("queue")) {
      table = tasks.queueTable();
      for (TaskBoard.Queue q : tasks.queues()) {
        errors |= q.errors.get() > 0;
      }
    } else {
      table = name + ": ok (ovload stand-in)";
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("name", name);
    o.put("is_healthy", true);
    o.put("has_errors", errors);
    o.put("status", table);
    return o;
  }

  /**
   * Waits until the queues are idle. Like OpenViking 0.5.2 it reads no body: a {@code timeout} is
   * ignored (the client's own timeout bounds the wait). The result is per-queue counts.
   */
  private Map<String, Object> waitProcessed() throws InterruptedException {
    if (!tasks.awaitIdle(TimeUnit.MINUTES.toMillis(30))) {
      throw new ApiException("DEADLINE_EXCEEDED", "queues still busy after 30 minutes");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    for (TaskBoard.Queue q : tasks.queues()) {
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("processed", q.processed.get());
      counts.put("requeue_count", 0);
      counts.put("error_count", q.errors.get());
      counts.put("errors", List.of());
      result.put(q.name, counts);
    }
    return result;
  }

  private Map<String, Object> tempUpload(String tenantKey, Multipart upload) {
    if (upload == null) {
      throw ApiException.invalid("send the file as multipart/form-data with field 'file'");
    }
    String ext = upload.fileName().contains(".") ? upload.fileName().substring(upload.fileName().lastIndexOf('.')) : "";
    byte[] id = new byte[8];
    ThreadLocalRandom.current().nextBytes(id);
    String tempId = "upload_" + HexFormat.of().formatHex(id) + ext;
    uploads.put(tempId, new Upload(tenantKey, upload.fileName(), upload.bytes()));
    return Map.of("temp_file_id", tempId);
  }

  private Map<String, Object> addResource(String tenantKey, Body body) throws InterruptedException {
    String tempId = body.optionalText("temp_file_id");
    String path = body.optionalText("path");
    Upload upload;
    if (tempId != null) {
      upload = uploads.remove(tempId);
      if (upload == null || !upload.tenant().equals(tenantKey)) {
        // OpenViking 0.5.2's answer to an unknown (or another identity's) temp_file_id
        throw new ApiException("PERMISSION_DENIED",
            "HTTP server only accepts regular files from the upload temp directory.");
      }
    } else if (path != null) {
      if (path.startsWith("http://") || path.startsWith("https://")) {
        throw new ApiException("UNIMPLEMENTED", "the stand-in fetches no remote URLs: upload the file instead");
      }
      throw new ApiException("PERMISSION_DENIED", "a path on the server's host is refused: upload it with temp_upload");
    } else {
      throw ApiException.invalid("give temp_file_id (or path for a remote URL)");
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
      throw new ApiException("INVALID_URI", "resources go under viking://resources/: " + to);
    }
    Tenant tenant = tenant(tenantKey);
    String reason = body.optionalText("reason");
    if (reason != null && !reason.isEmpty()) {
      synchronized (reasonLock) { // one shared internal session, as the real server keeps
        tenant.reasons.add(reason);
      }
    }
    if (!tenant.lockedPaths.add(to)) {
      throw new ApiException("CONFLICT", "path is locked by a running write: " + to,
          Map.of("conflict_type", "path_locked", "retryable", true));
    }
    String content = new String(upload.bytes(), StandardCharsets.UTF_8);
    TaskBoard.Task task;
    try {
      String fileUri = to + "/" + sourceName;
      task = tasks.submit("add_resource", tenantKey, to, t -> process(tenantKey, tenant, to, fileUri, content, t));
    } catch (RuntimeException e) {
      tenant.lockedPaths.remove(to);
      throw e;
    }
    boolean wait = body.flag("wait", false);
    if (wait) {
      long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(30);
      while (!task.terminal() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", "success");
    if (!wait) {
      result.put("task_id", task.id); // OpenViking 0.5.2 answers a wait=true add with no task_id
    }
    result.put("source_path", sourceName);
    result.put("root_uri", to);
    result.put("source_name", sourceName);
    result.put("processing", task.terminal() ? task.status : "queued");
    return result;
  }

  /** The add_resource task: chunk, "embed" each chunk, index it, then show the file in the tree. */
  private Object process(String tenantKey, Tenant tenant, String root, String uri, String content, TaskBoard.Task task)
      throws InterruptedException {
    try {
      List<String> chunks = Chunker.chunks(content);
      task.update("running", "embedding");
      tenant.tree.rm(root, true); // a re-add replaces the resource directory's content
      index.removeUnder(tenantKey, root);
      for (int i = 0; i < chunks.size(); i++) {
        faults.modelDelay(config.embedMsPerChunk());
        if (faults.modelFails()) {
          throw new IllegalStateException("Failed to generate embedding: " + MODEL_ERROR);
        }
        index.add(tenantKey, "resource", uri, i, chunks.get(i));
      }
      tenant.tree.writeFile(uri, content);
      return Map.of("root_uri", root, "chunks", chunks.size());
    } finally {
      tenant.lockedPaths.remove(root);
    }
  }

  private Map<String, Object> find(String tenantKey, Body body, String sessionId) throws InterruptedException {
    String query = body.text("query");
    slowRetrieval();
    String target = body.optionalText("target_uri") == null || body.optionalText("target_uri").isEmpty()
        ? "viking://" : VikingUri.check(body.text("target_uri"));
    int limit = body.limit("limit", 10);
    if (faults.modelFails()) { // the query embedding failed, as OpenViking 0.5.2 answers it
      throw new ApiException("UNAVAILABLE", MODEL_UNAVAILABLE);
    }
    faults.modelDelay(config.embedMsPerChunk()); // the query's embedding: the real server makes one per find and search
    List<String> context = List.of();
    if (sessionId != null) {
      ChatSession session = tenant(tenantKey).sessions.get(sessionId);
      if (session != null) {
        session.lock.lock();
        try {
          context = session.recentText(5);
        } finally {
          session.lock.unlock();
        }
        if (!context.isEmpty()) {
          faults.modelDelay(config.modelMode().intentMs); // intent analysis: one model call
        }
      }
    }
    List<Map<String, Object>> hits = index.search(tenantKey, target, query, context, limit);
    List<Map<String, Object>> memories = new ArrayList<>();
    List<Map<String, Object>> resources = new ArrayList<>();
    hits.forEach(h -> ("memory".equals(h.get("context_type")) ? memories : resources).add(h));
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("memories", memories);
    result.put("resources", resources);
    result.put("skills", List.of());
    result.put("total", hits.size());
    if (sessionId != null) {
      result.put("query_plan", Map.of("queries", List.of(query), "session_id", sessionId,
          "session_context_messages", context.size()));
    }
    return result;
  }

  /** A deliberately slow server (load-model tests): every retrieval takes this much longer. */
  private void slowRetrieval() throws InterruptedException {
    if (config.retrievalDelayMs() > 0) {
      Thread.sleep(config.retrievalDelayMs());
    }
  }

  private Map<String, Object> grep(String tenantKey, Body body) throws InterruptedException {
    slowRetrieval();
    String uri = VikingUri.check(body.text("uri"));
    List<Map<String, Object>> matches = tenant(tenantKey).tree.grep(uri, body.text("pattern"),
        body.flag("case_insensitive", false), body.limit("node_limit", 100));
    return Map.of("matches", matches, "count", matches.size());
  }

  private Map<String, Object> glob(String tenantKey, Body body) throws InterruptedException {
    slowRetrieval();
    String uri = body.optionalText("uri") == null ? "viking://" : VikingUri.check(body.text("uri"));
    List<String> matches = tenant(tenantKey).tree.glob(uri, body.text("pattern"), body.limit("node_limit", 100));
    return Map.of("matches", matches, "count", matches.size());
  }

  private Map<String, Object> rm(String tenantKey, Map<String, String> query) {
    String uri = VikingUri.check(query.get("uri"));
    boolean recursive = "true".equalsIgnoreCase(query.getOrDefault("recursive", "false"));
    Tenant tenant = tenant(tenantKey);
    List<String> removed = tenant.tree.rm(uri, recursive);
    index.removeUnder(tenantKey, uri);
    // a missing uri is 200 with nothing removed, as OpenViking 0.5.2 answers
    return Map.of("uri", uri, "removed", removed.size(), "estimated_deleted_count", removed.size());
  }

  private List<Map<String, Object>> listSessions(String tenantKey) {
    List<Map<String, Object>> out = new ArrayList<>();
    tenant(tenantKey).sessions.values().stream()
        .sorted(java.util.Comparator.comparing(s -> s.id))
        .forEach(s -> out.add(Map.of("session_id", s.id, "uri", "viking://session/" + s.id, "is_dir", true,
            "mod_time", s.modTime())));
    return out;
  }

  private Map<String, Object> deleteSession(String tenantKey, String id) {
    if (tenant(tenantKey).sessions.remove(id) == null) {
      throw ApiException.notFound("session not found: " + id);
    }
    return Map.of("session_id", id);
  }

  private Map<String, Object> addMessage(String tenantKey, String id, Body body) {
    String role = body.text("role");
    if (!role.equals("user") && !role.equals("assistant")) {
      throw ApiException.invalid("role must be user or assistant, got '" + role + "'");
    }
    String content = body.text("content");
    ChatSession session = tenant(tenantKey).sessions.computeIfAbsent(id, ChatSession::new);
    session.lock.lock();
    try {
      int count = session.append(role, content);
      return Map.of("session_id", id, "message_count", count, "pending_tokens", session.pendingTokens());
    } finally {
      session.lock.unlock();
    }
  }

  private Map<String, Object> commit(String tenantKey, String id, Body body) {
    Double keep = body.number("keep_recent_count");
    if (keep != null && (keep < 0 || keep > 10_000 || keep != Math.rint(keep))) {
      throw ApiException.invalid("field 'keep_recent_count' must be a whole number from 0 to 10000");
    }
    ChatSession session = tenant(tenantKey).sessions.get(id);
    if (session == null) {
      throw ApiException.notFound("session not found: " + id);
    }
    session.lock.lock(); // the archive lock: commits of one session serialise
    try {
      List<Map<String, String>> archived = session.archive();
      Map<String, Object> result = new LinkedHashMap<>();
      if (archived == null) {
        result.put("status", "skipped");
        result.put("task_id", null);
        result.put("archived", false);
        return result;
      }
      int archiveIndex = session.archiveCount();
      String archiveUri = "viking://session/" + id + "/archives/" + archiveIndex;
      TaskBoard.Task task = tasks.submit("session_commit", tenantKey, id, t -> extract(tenantKey, id, archiveIndex, archived));
      result.put("status", "accepted");
      result.put("task_id", task.id);
      result.put("archive_uri", archiveUri);
      result.put("archived", true);
      return result;
    } finally {
      session.lock.unlock();
    }
  }

  /** The session_commit task: "extract" the archive's memory after the model delay and index it. */
  private Object extract(String tenantKey, String sessionId, int archiveIndex, List<Map<String, String>> messages)
      throws InterruptedException {
    faults.modelDelay(config.extractMsPerCommit());
    if (faults.modelFails()) {
      throw new IllegalStateException("memory extraction failed: " + MODEL_ERROR);
    }
    StringBuilder memory = new StringBuilder();
    messages.forEach(m -> memory.append(m.get("role")).append(": ").append(m.get("content")).append('\n'));
    String uri = "viking://user/memories/" + sessionId + "/memory-" + archiveIndex + ".md";
    String text = memory.length() > 4000 ? memory.substring(0, 4000) : memory.toString();
    tenant(tenantKey).tree.writeFile(uri, text);
    index.add(tenantKey, "memory", uri, 0, text);
    return Map.of("memories_extracted", 1, "messages", messages.size(), "memory_uri", uri);
  }

  /** Counters for tests and benchmarks: messages by state, across all identities. */
  StandInStats stats() {
    long pending = 0;
    long archived = 0;
    for (Tenant t : tenants.values()) {
      for (ChatSession s : t.sessions.values()) {
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
