package ovload.recording;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One request of any adapter, as one line of {@code request_events.jsonl}. Field names and
 * order are the benchmark spec's; times are UTC ISO-8601 with milliseconds.
 */
public record RequestEvent(
    @JsonProperty("adapter") String adapter,
    @JsonProperty("scenario") String scenario,
    @JsonProperty("operation") String operation,
    @JsonProperty("started_at") String startedAt,
    @JsonProperty("ended_at") String endedAt,
    @JsonProperty("elapsed_ms_since_run_start") double elapsedMsSinceRunStart,
    @JsonProperty("latency_ms") double latencyMs,
    @JsonProperty("success") boolean success,
    @JsonProperty("status_code") Integer statusCode,
    @JsonProperty("exception_type") String exceptionType,
    @JsonProperty("error_message") String errorMessage,
    @JsonProperty("session_id") String sessionId,
    @JsonProperty("resource_uri") String resourceUri,
    @JsonProperty("task_id") String taskId,
    @JsonProperty("worker_id") Integer workerId,
    @JsonProperty("command") String command) {}
