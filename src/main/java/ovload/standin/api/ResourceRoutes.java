package ovload.standin.api;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import ovload.standin.api.ResourceReplies.Added;
import ovload.standin.api.ResourceReplies.Queued;
import ovload.standin.api.ResourceReplies.ReasonLink;
import ovload.standin.api.ResourceReplies.Uploaded;
import ovload.standin.api.ResourceReplies.Usage;
import ovload.standin.api.clients.PrivacySanitizer;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Multipart;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.ChatSession;
import ovload.standin.store.Chunker;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.Summaries;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TempUploads;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/resources}: a file is uploaded (temp_upload), then added from its temp file id.
 * The add locks its target path and queues an add_resource task that chunks, embeds and indexes
 * the file; with a {@code reason} it also commits the reason to the internal reason session.
 */
final class ResourceRoutes {
  /**
   * The fields OpenViking 0.5.2's add_resource accepts (its request model forbids others): no
   * {@code timeout}, which it answers with 400.
   */
  static final Set<String> ADD_RESOURCE_FIELDS = Set.of("path", "temp_file_id", "add_type", "to", "parent",
      "create_parent", "reason", "instruction", "wait", "strict", "internal_task", "source_name", "ignore_dirs",
      "include", "exclude", "directly_upload_media", "preserve_structure", "args", "telemetry", "watch_interval",
      "is_active", "processing_mode", "tags", "tag_mode", "acl");

  private final TenantStore store;
  private final TempUploads uploads;
  private final TaskBoard tasks;
  private final SearchIndex index;
  private final ModelProvider model;
  private final Extraction extraction;
  private final SummaryRefresh summaries;

  ResourceRoutes(TenantStore store, TempUploads uploads, TaskBoard tasks, SearchIndex index, ModelProvider model,
      Extraction extraction) {
    this.store = store;
    this.uploads = uploads;
    this.tasks = tasks;
    this.index = index;
    this.model = model;
    this.extraction = extraction;
    this.summaries = new SummaryRefresh(index);
  }

  void register(RouteTable routes) {
    routes.add("POST", "/api/v1/resources/temp_upload", c -> Reply.compact(tempUpload(c.id(), c.upload())))
        .add("POST", "/api/v1/resources", c -> Reply.compact(add(c.id(), c.body(ADD_RESOURCE_FIELDS))));
  }

  private Uploaded tempUpload(Identity id, Multipart upload) {
    if (upload == null) {
      throw ApiException.validation("body.file", "Field required", "missing");
    }
    return new Uploaded(uploads.keep(id.key(), upload.fileName(), upload.bytes()));
  }

  private Object add(Identity id, Body body) throws InterruptedException {
    String tempId = body.optionalText("temp_file_id");
    String path = body.optionalText("path");
    if (tempId == null && path == null) {
      throw ApiException.validation("body", "Value error, Either 'path' or 'temp_file_id' must be provided", "value_error");
    }
    TempUploads.Upload upload;
    if (tempId != null) {
      upload = uploads.claim(id.key(), tempId);
      if (upload == null) {
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
    String sourceName = VikingUri.fileName(body.optionalText("source_name") != null ? body.optionalText("source_name")
        : upload.fileName());
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
    Tenant tenant = store.tenant(id.key());
    String reason = body.optionalText("reason");
    if (!tenant.lockPath(to)) {
      throw new ApiException("CONFLICT", "path is locked by a running write: " + to,
          Map.of("conflict_type", "path_locked", "retryable", true, "resource", to, "uri", to));
    }
    String content = new String(upload.bytes(), StandardCharsets.UTF_8);
    TaskBoard.Task task;
    // the name as the request gave it, as OpenViking 0.5.2 reports it
    String sourcePath = body.optionalText("source_name") != null ? body.optionalText("source_name")
        : upload.fileName();
    try {
      String fileUri = to + "/" + sourceName;
      // as on OpenViking 0.5.2 (the client corpus caught it processing): the resource's directory is
      // there at once and empty, rm of it is path_busy; its file, hits and summaries appear together
      // when the task ends. A re-add replaces the resource directory's content.
      long start = System.nanoTime();
      tenant.tree().rm(to, true);
      tenant.tree().mkdir(to);
      long committed = System.nanoTime();
      task = tasks.submit("add_resource", id.key(), to,
          t -> process(id, tenant, to, fileUri, content, sourcePath, reason, t, start, committed - start));
      task.meta(Map.of("source_path", sourcePath));
    } catch (RuntimeException e) {
      tenant.unlockPath(to);
      throw e;
    }
    if (body.flag("wait", false)) {
      long deadline = System.currentTimeMillis() + TimeUnit.MINUTES.toMillis(30);
      while (!task.terminal() && System.currentTimeMillis() < deadline) {
        Thread.sleep(10);
      }
      if (task.status().equals("failed")) {
        throw new ApiException("PROCESSING_ERROR", task.error());
      }
      return task.result(); // a wait=true add answers with the task's result and no task_id
    }
    return new Queued("success", to, sourcePath, task.id());
  }

  /**
   * The add_resource task: chunk, embed each chunk (through the circuit breaker), then write the
   * file and index its chunks, then summarise the resource's directory and those above it (the
   * semantic stage); with a {@code reason}, write it to the internal reason session and commit that
   * (a SessionCommit task), as OpenViking 0.5.2 links resources to memory. The result carries the
   * job's telemetry.
   */
  private Added process(Identity id, Tenant tenant, String root, String uri, String content, String sourcePath,
      String reason, TaskBoard.Task task, long startNanos, long commitNanos) throws InterruptedException {
    List<String> chunks;
    long embedStart;
    long semanticStart;
    int directories;
    long parse = System.nanoTime();
    try {
      String stored = PrivacySanitizer.stored(tenant, id, uri, content, PrivacySanitizer.FILE_REFUSAL);
      chunks = Chunker.chunks(stored);
      task.update("running", "embedding");
      index.removeUnder(id.key(), root);
      embedStart = System.nanoTime();
      for (int i = 0; i < chunks.size(); i++) {
        model.embedChunk();
      }
      tenant.tree().writeFile(uri, stored);
      String summary = Summaries.fileAbstract(uri);
      for (int i = 0; i < chunks.size(); i++) {
        index.add(id.key(), "resource", uri, 2, i, chunks.get(i), summary);
      }
      semanticStart = System.nanoTime();
      directories = summaries.refresh(id.key(), tenant.tree(), root);
    } finally {
      tenant.unlockPath(root);
    }
    long end = System.nanoTime();
    Usage usage = Usage.of(chunks.size());
    JobTelemetry telemetry = JobTelemetry.of(new JobTelemetry.Timings(end - startNanos, commitNanos,
        embedStart - parse, parse - startNanos, semanticStart - embedStart, semanticStart - startNanos,
        end - semanticStart), chunks.size(), directories, usage.tokens());
    return new Added("success", List.of(), sourcePath, Map.of(), root, "viking://temp/" + UUID.randomUUID(),
        tasks.settledCounts(List.of("Embedding", "Semantic")),
        chunks.size() + 2, // the file's chunks and the directory's two summaries
        telemetry, usage, reason != null && !reason.isEmpty() ? linkReason(id, tenant, reason, root) : null);
  }

  /**
   * One message in the identity's internal reason session, committed at once: every add with a
   * reason serialises on that one session's lock and queues a commit.
   */
  private ReasonLink linkReason(Identity id, Tenant tenant, String reason, String resourceUri) {
    ChatSession session = tenant.openSession(StandInApi.REASON_SESSION);
    session.lock.lock();
    try {
      session.append("user", reason + "\n" + resourceUri);
      List<Map<String, String>> archived = session.archive();
      int archiveIndex = session.archiveCount();
      TaskBoard.Task commit = tasks.submit("session_commit", id.key(), StandInApi.REASON_SESSION,
          t -> extraction.extract(id, StandInApi.REASON_SESSION, archiveIndex, archived));
      return new ReasonLink("accepted", StandInApi.REASON_SESSION,
          Extraction.archiveUri(id, StandInApi.REASON_SESSION, archiveIndex), commit.id());
    } finally {
      session.lock.unlock();
    }
  }
}
