package ovload.standin.api.clients;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovload.standin.api.SessionReplies;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.ChatSession;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingUri;

/**
 * The session routes beyond the benchmark's: messages in a batch, the merged context, one
 * archive, and the mutable configuration (the default event tags). An archive's abstract and
 * overview are deterministic text from its messages; the stand-in runs no model for them.
 */
public final class SessionExtraRoutes {
  private static final Pattern ARCHIVE_ID = Pattern.compile("archive_(\\d{3,})");

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record BatchAdded(String sessionId, int added, int messageCount, int pendingTokens) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Config(String sessionId, Map<String, Object> memoryExtractionConfig, Object autoCommitPolicy) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Context(String latestArchiveOverview, List<String> preArchiveAbstracts, List<Message> messages,
      @JsonProperty("estimatedTokens") int estimatedTokens, ContextStats stats) {}

  record ContextStats(int totalArchives, int includedArchives, int droppedArchives, int failedArchives,
      int activeTokens, int archiveTokens) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Archive(String archiveId, @JsonProperty("abstract") String summary, String overview, List<Message> messages) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Message(String id, String role, List<Part> parts, String createdAt) {}

  record Part(String type, String text) {}

  private final TenantStore store;

  public SessionExtraRoutes(TenantStore store) {
    this.store = store;
  }

  public void register(RouteTable routes) {
    routes.add("POST", "/api/v1/sessions/([^/]+)/messages/batch",
            c -> Reply.full(batch(c.id(), c.pathParam(1), c.lenientBody())))
        .add("GET", "/api/v1/sessions/([^/]+)/context", c -> Reply.full(context(c.id(), c.pathParam(1))))
        .add("GET", "/api/v1/sessions/([^/]+)/archives/([^/]+)",
            c -> Reply.full(archive(c.id(), c.pathParam(1), c.pathParam(2))))
        .add("PATCH", "/api/v1/sessions/([^/]+)/config", c -> Reply.compact(config(c.id(), c.pathParam(1), c.optionalBody())));
  }

  private ChatSession session(Identity id, String sessionId, boolean create) {
    VikingUri.check("viking://user/" + id.user() + "/sessions/" + sessionId);
    ChatSession s = create ? store.tenant(id.key()).openSession(sessionId) : store.tenant(id.key()).session(sessionId);
    if (s == null) {
      throw ApiException.notFound("Session not found: " + sessionId, sessionId, "session");
    }
    return s;
  }

  private BatchAdded batch(Identity id, String sessionId, Body body) {
    JsonNode messages = body.node("messages");
    if (messages == null || !messages.isArray()) {
      throw ApiException.validation("body.messages", "Field required", "missing");
    }
    ChatSession s = session(id, sessionId, true);
    s.lock.lock();
    try {
      int count = s.messageCount();
      for (JsonNode m : messages) {
        count = s.append(m.path("role").asText("user"), m.hasNonNull("content") ? m.get("content").asText() : "(parts)");
      }
      return new BatchAdded(sessionId, messages.size(), count, s.pendingTokens());
    } finally {
      s.lock.unlock();
    }
  }

  private Context context(Identity id, String sessionId) {
    ChatSession s = session(id, sessionId, false);
    s.lock.lock();
    try {
      List<Message> pending = messages(sessionId + "-pending", s.pending());
      int archives = s.archiveCount();
      List<String> abstracts = new ArrayList<>();
      for (int i = 1; i < archives; i++) {
        abstracts.add(abstractOf(s.archived(i)));
      }
      String latest = archives == 0 ? "" : overviewOf(archives, s.archived(archives));
      int active = s.pendingTokens();
      int archiveTokens = latest.split("\\s+").length;
      return new Context(latest, abstracts, pending, active + (archives == 0 ? 0 : archiveTokens),
          new ContextStats(archives, Math.min(archives, 1), 0, 0, active, archives == 0 ? 0 : archiveTokens));
    } finally {
      s.lock.unlock();
    }
  }

  private Archive archive(Identity id, String sessionId, String archiveId) {
    ChatSession s = session(id, sessionId, false);
    Matcher m = ARCHIVE_ID.matcher(archiveId);
    s.lock.lock();
    try {
      List<Map<String, String>> archived = m.matches() ? s.archived(Integer.parseInt(m.group(1))) : null;
      if (archived == null) {
        throw ApiException.plainNotFound("Archive not found: " + archiveId);
      }
      return new Archive(archiveId, abstractOf(archived), overviewOf(Integer.parseInt(m.group(1)), archived),
          messages(archiveId, archived));
    } finally {
      s.lock.unlock();
    }
  }

  private Config config(Identity id, String sessionId, Body body) {
    ChatSession s = session(id, sessionId, false);
    JsonNode tags = body.node("memory_extraction_config") == null ? null
        : body.node("memory_extraction_config").path("events").path("tags");
    if (tags != null && tags.isArray()) {
      List<String> set = new ArrayList<>();
      tags.forEach(t -> set.add(t.asText()));
      s.eventTags(set);
    }
    return new Config(sessionId, SessionReplies.extractionConfig(s), null);
  }

  private static List<Message> messages(String prefix, List<Map<String, String>> list) {
    List<Message> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      Map<String, String> m = list.get(i);
      out.add(new Message(prefix + "-" + (i + 1), m.get("role"), List.of(new Part("text", m.get("content"))), ""));
    }
    return out;
  }

  private static String abstractOf(List<Map<String, String>> messages) {
    return messages.size() + " messages; the first: " + messages.get(0).get("content");
  }

  private static String overviewOf(int number, List<Map<String, String>> messages) {
    StringBuilder text = new StringBuilder("# Archive ").append(number).append("\n\n");
    messages.forEach(m -> text.append("- ").append(m.get("role")).append(": ").append(m.get("content")).append('\n'));
    return text.toString();
  }
}
