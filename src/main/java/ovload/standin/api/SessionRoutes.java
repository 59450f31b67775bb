package ovload.standin.api;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import ovload.standin.api.SessionReplies.CommitAccepted;
import ovload.standin.api.SessionReplies.CommitSkipped;
import ovload.standin.api.SessionReplies.Created;
import ovload.standin.api.SessionReplies.Deleted;
import ovload.standin.api.SessionReplies.Info;
import ovload.standin.api.SessionReplies.Listed;
import ovload.standin.api.SessionReplies.LlmUsage;
import ovload.standin.api.SessionReplies.MessageAdded;
import ovload.standin.api.SessionReplies.Owner;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.ChatSession;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/sessions}: create, list, read and delete sessions, add messages, commit. Writes
 * and commits of one session serialise on its lock; a commit archives at once and queues the
 * memory extraction as a session_commit task.
 */
final class SessionRoutes {
  private final TenantStore store;
  private final TaskBoard tasks;
  private final Extraction extraction;

  SessionRoutes(TenantStore store, TaskBoard tasks, Extraction extraction) {
    this.store = store;
    this.tasks = tasks;
    this.extraction = extraction;
  }

  void register(RouteTable routes) {
    routes.add("GET", "/api/v1/sessions", c -> Reply.full(list(c.id())))
        .add("POST", "/api/v1/sessions", c -> Reply.full(create(c.id(), c.optionalBody())))
        .add("GET", "/api/v1/sessions/([^/]+)", c -> Reply.full(get(c.id(), c.pathParam(1), c.query().flag("auto_create"))))
        .add("DELETE", "/api/v1/sessions/([^/]+)", c -> Reply.full(delete(c.id(), c.pathParam(1))))
        .add("POST", "/api/v1/sessions/([^/]+)/messages",
            c -> Reply.full(addMessage(c.id(), c.pathParam(1), c.lenientBody())))
        .add("POST", "/api/v1/sessions/([^/]+)/commit",
            c -> Reply.compact(commit(c.id(), c.pathParam(1), c.optionalBody())));
  }

  private static String iso(double epochSeconds) {
    return Instant.ofEpochMilli((long) (epochSeconds * 1000)).toString();
  }

  /** The session's URI, checked as the real server checks it: {@code ..} is 403, other bad ids 400. */
  private static String sessionUri(Identity id, String sessionId) {
    return VikingUri.check("viking://user/" + id.user() + "/sessions/" + sessionId);
  }

  private Tenant tenant(Identity id) {
    return store.tenant(id.key());
  }

  private List<Listed> list(Identity id) {
    return tenant(id).sessions().stream()
        .filter(s -> !s.id.equals(StandInApi.REASON_SESSION))
        .sorted(Comparator.comparing(s -> s.id))
        .map(s -> new Listed(s.id, sessionUri(id, s.id), true, iso(s.modTime())))
        .toList();
  }

  /** The session, created when asked to; a missing one is 404 with details. */
  private ChatSession session(Identity id, String sessionId, boolean create) {
    sessionUri(id, sessionId);
    ChatSession s = create ? tenant(id).openSession(sessionId) : tenant(id).session(sessionId);
    if (s == null) {
      throw ApiException.notFound("Session not found: " + sessionId, sessionId, "session");
    }
    return s;
  }

  private Created create(Identity id, Body body) {
    String sessionId = body.optionalText("session_id") != null ? body.text("session_id") : UUID.randomUUID().toString();
    session(id, sessionId, true);
    return new Created(sessionId, sessionUri(id, sessionId), new Owner(id.account(), id.user()), null,
        SessionReplies.EXTRACTION_CONFIG);
  }

  private Info get(Identity id, String sessionId, boolean autoCreate) {
    sessionUri(id, sessionId);
    ChatSession s = autoCreate ? tenant(id).openSession(sessionId) : tenant(id).session(sessionId);
    if (s == null) {
      throw ApiException.plainNotFound("Session " + sessionId + " not found");
    }
    s.lock.lock();
    try {
      return new Info(sessionId, sessionUri(id, sessionId), new Owner(id.account(), id.user()), id.account(),
          id.user(), iso(s.createdAt()), iso(s.modTime()), s.pendingMessages(), s.messageCount(), s.pendingTokens(),
          s.archiveCount(), s.lastMessageAt() == 0 ? "" : iso(s.lastMessageAt()),
          s.lastCommitAt() == 0 ? "" : iso(s.lastCommitAt()), "", "", 0, 0, 0, 0, "count",
          Map.of("total", s.archiveCount()), Map.of("total_tokens", 0), LlmUsage.NONE,
          SessionReplies.extractionConfig(s), null, null);
    } finally {
      s.lock.unlock();
    }
  }

  private Deleted delete(Identity id, String sessionId) {
    sessionUri(id, sessionId);
    if (!tenant(id).removeSession(sessionId)) {
      throw ApiException.notFound("Session not found: " + sessionId, sessionId, "session");
    }
    return new Deleted(sessionId);
  }

  /** Any role is stored (the real server accepts it); content or parts is required. */
  private MessageAdded addMessage(Identity id, String sessionId, Body body) {
    String role = body.text("role");
    String content = body.optionalText("content");
    if (content == null && !body.has("parts")) {
      throw ApiException.validation("body", "Value error, Either 'content' or 'parts' must be provided", "value_error");
    }
    ChatSession session = session(id, sessionId, true);
    session.lock.lock();
    try {
      int count = session.append(role, content == null ? "(parts)" : content);
      return new MessageAdded(sessionId, count, session.pendingTokens());
    } finally {
      session.lock.unlock();
    }
  }

  /**
   * Archives the pending messages under the session's lock, then queues the extraction. Accepts
   * the Python client's {@code keep_recent_count} (and ignores fields it does not know, as the
   * real model does).
   */
  private Object commit(Identity id, String sessionId, Body body) {
    body.whole("keep_recent_count", 0, 0);
    ChatSession session = session(id, sessionId, false);
    session.lock.lock(); // the archive lock: commits of one session serialise
    try {
      int activeTokens = session.pendingTokens();
      List<Map<String, String>> archived = session.archive();
      String traceId = UUID.randomUUID().toString().replace("-", "");
      if (archived == null) {
        return new CommitSkipped(sessionId, traceId, false, "skipped", "no_messages", null, null, false);
      }
      int archiveIndex = session.archiveCount();
      TaskBoard.Task task = tasks.submit("session_commit", id.key(), sessionId,
          t -> extraction.extract(id, sessionId, archiveIndex, archived));
      return new CommitAccepted(sessionId, traceId, false, "accepted", task.id(),
          Extraction.archiveUri(id, sessionId, archiveIndex), true, false, activeTokens);
    } finally {
      session.lock.unlock();
    }
  }
}
