package ovload.standin.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import ovload.standin.api.clients.PrivacySanitizer;
import ovload.standin.http.Identity;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.Summaries;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;

/**
 * The session_commit task, of a session's commit and of an add_resource with a reason: after the
 * model's delay, the archive's messages become one memory file, written to the tree and indexed.
 */
final class Extraction {
  /** The extracted memory's length cap, in characters. */
  private static final int MAX_MEMORY_CHARS = 4000;

  private final TenantStore store;
  private final SearchIndex index;
  private final ModelProvider model;

  Extraction(TenantStore store, SearchIndex index, ModelProvider model) {
    this.store = store;
    this.index = index;
    this.model = model;
  }

  /** The URI of a session's archive number {@code archiveIndex}. */
  static String archiveUri(Identity id, String sessionId, int archiveIndex) {
    return "viking://user/" + id.user() + "/sessions/" + sessionId + "/history/archive_"
        + String.format("%03d", archiveIndex);
  }

  Extracted extract(Identity id, String sessionId, int archiveIndex, List<Map<String, String>> messages)
      throws InterruptedException {
    model.extractMemory();
    StringBuilder memory = new StringBuilder();
    messages.forEach(m -> memory.append(m.get("role")).append(": ").append(m.get("content")).append('\n'));
    String uri = "viking://user/memories/" + sessionId + "/memory-" + archiveIndex + ".md";
    String text = memory.length() > MAX_MEMORY_CHARS ? memory.substring(0, MAX_MEMORY_CHARS) : memory.toString();
    Tenant tenant = store.tenant(id.key());
    String stored = PrivacySanitizer.stored(tenant, id, uri, text, PrivacySanitizer.FILE_REFUSAL);
    tenant.tree().writeFile(uri, stored);
    index.add(id.key(), "memory", uri, 2, 0, stored, Summaries.memoryAbstract(stored));
    String archive = archiveUri(id, sessionId, archiveIndex);
    return new Extracted(sessionId, archive, Map.of("events", 1), archive + "/memory_diff.json",
        new MemoryExtraction(0, List.of()), List.of("events"), false, "disabled", List.of(), 0, 0,
        new TokenUsage(Map.of("total_tokens", 1), SessionReplies.LlmUsage.NONE, new TotalUsage(0, 0, 1)));
  }

  /** The commit task's result, as OpenViking 0.5.2's task record holds it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Extracted(String sessionId, String archiveUri, Map<String, Object> memoriesExtracted, String memoryDiffUri,
      MemoryExtraction memoryExtraction, List<String> effectiveMemoryTypes, boolean agentEvolutionEnabled,
      String agentMemorySkipReason, List<String> sessionSkillUris, int sessionSkillsExtracted,
      int usageEventsExtracted, TokenUsage tokenUsage) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MemoryExtraction(int skipped, List<String> skippedOperations) {}

  record TokenUsage(Map<String, Object> embedding, SessionReplies.LlmUsage llm, TotalUsage total) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TotalUsage(int cachedTokens, int reasoningTokens, int totalTokens) {}
}
