package ovload.recording;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One background task's outcome, as one line of {@code task_events.jsonl}: terminal status as
 * polled, or {@code incomplete} when the final drain gave up on it.
 */
public record TaskEvent(
    @JsonProperty("adapter") String adapter,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("task_type") String taskType,
    @JsonProperty("origin_scenario") String originScenario,
    @JsonProperty("completion_scenario") String completionScenario,
    @JsonProperty("status") String status,
    @JsonProperty("resource_id") String resourceId,
    @JsonProperty("local_duration_ms") double localDurationMs,
    @JsonProperty("server_duration_ms") Double serverDurationMs,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("result") JsonNode result,
    @JsonProperty("polled_at") String polledAt) {}
