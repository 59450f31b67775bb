package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Map;
import ovload.standin.store.TaskBoard.QueueCount;

/** The upload and resource routes' results as OpenViking 0.5.2 answers them; components in wire order. */
final class ResourceReplies {
  private ResourceReplies() {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Uploaded(String tempFileId) {}

  /** An add without wait: the task to poll. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Queued(String status, String rootUri, String sourcePath, String taskId) {}

  /** The add_resource task's result (and a waited add's answer); memory linking only with a reason. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Added(String status, List<String> errors, String sourcePath, Map<String, Object> meta, String rootUri,
      String tempUri, Map<String, QueueCount> queueStatus, int contextCount, JobTelemetry telemetry, Usage usage,
      @JsonInclude(JsonInclude.Include.NON_NULL) ReasonLink memoryLinking) {}

  /** The reason's commit in the internal reason session. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record ReasonLink(String status, String sessionId, String archiveUri, String commitTaskId) {}

  record Usage(Tokens tokens) {
    /** {@code embedded} chunks' embedding tokens (one each); the stand-in's chat model spends none. */
    static Usage of(int embedded) {
      return new Usage(new Tokens(new Total(embedded), LlmTokens.NONE,
          new Stages(new EmbeddingStage(new Total(embedded)), new LlmStage(LlmTokens.NONE)), embedded));
    }
  }

  record Tokens(Total embedding, LlmTokens llm, Stages stages, int total) {}

  record Total(int total) {}

  record LlmTokens(int input, int output, int total) {
    static final LlmTokens NONE = new LlmTokens(0, 0, 0);
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Stages(EmbeddingStage embedResource, LlmStage semanticExecute) {}

  record EmbeddingStage(Total embedding) {}

  record LlmStage(LlmTokens llm) {}
}
