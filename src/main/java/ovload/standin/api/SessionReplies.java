package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import ovload.standin.store.ChatSession;

/** The session routes' results as OpenViking 0.5.2 answers them; components in wire order. */
public final class SessionReplies {
  private SessionReplies() {}

  /** The memory-extraction settings a session reports: event memories, no tags. */
  static final Map<String, Object> EXTRACTION_CONFIG = Map.of("events", Map.of("tags", List.of()));

  /** A session's memory_extraction_config: its default event tags. */
  public static Map<String, Object> extractionConfig(ChatSession session) {
    return Map.of("events", Map.of("tags", session.eventTags()));
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Listed(String sessionId, String uri, @JsonProperty("is_dir") boolean isDir, String modTime) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Owner(String accountId, String userId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Created(String sessionId, String uri, Owner user, Object autoCommitPolicy,
      Map<String, Object> memoryExtractionConfig) {}

  /** A session's state; the stand-in keeps no retention policy, so those settings are zero. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Info(String sessionId, String uri, Owner user, String createdByAccountId, String createdByUserId,
      String createdAt, String updatedAt, int messageCount, int totalMessageCount, int pendingTokens, int commitCount,
      String lastMessageAt, String lastCommitAt, String lastAutoCommitAt, String lastIdleCommitAcceptedAt,
      int keepRecentCount, int keepRecentTurnCount, int minRawTailSteps, int retainedMessageTokenBudget,
      String retentionMode, Map<String, Object> memoriesExtracted, Map<String, Object> embeddingTokenUsage,
      LlmUsage llmTokenUsage, Map<String, Object> memoryExtractionConfig, Object autoCommitPolicy,
      Object memoryPolicy) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Deleted(String sessionId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record MessageAdded(String sessionId, int messageCount, int pendingTokens) {}

  /** A commit with nothing pending: no task, no archive. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CommitSkipped(String sessionId, String traceId, boolean effectiveEnableWorkingMemory, String status,
      String reason, String taskId, String archiveUri, boolean archived) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record CommitAccepted(String sessionId, String traceId, boolean effectiveEnableWorkingMemory, String status,
      String taskId, String archiveUri, boolean archived, boolean budgetExceeded, int estimatedActiveTokens) {}

  /** Chat-model token counts; the stand-in's model spends none. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record LlmUsage(int cachedTokens, int completionTokens, int promptTokens, int reasoningTokens, int totalTokens) {
    static final LlmUsage NONE = new LlmUsage(0, 0, 0, 0, 0);
  }
}
