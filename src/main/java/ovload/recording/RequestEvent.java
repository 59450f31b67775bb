package ovload.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.io.IOException;
import java.util.Map;

/**
 * One request of any adapter, as one line of {@code request_events.jsonl}. Field names and
 * order are the benchmark spec's; times are UTC ISO-8601 with milliseconds. Open-model runs add
 * {@code latency_from_intended_ms}: the latency from the request's scheduled arrival, which a
 * slow server cannot hide by delaying arrivals (closed-model lines omit it). After the spec's
 * fields, what the server said of its own time ({@link ServerTiming}): {@code server_ms},
 * {@code telemetry_ms}, {@code stages_ms}, {@code tokens} (the server's JSON text as it came) and
 * {@code typed_queries} (how many queries a search ran at once, each stage summed over them), each
 * left out when the server gave none.
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
    @JsonProperty("command") String command,
    @JsonProperty("latency_from_intended_ms") @JsonInclude(JsonInclude.Include.NON_NULL)
        Double latencyFromIntendedMs,
    @JsonProperty("server_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Double serverMs,
    @JsonProperty("telemetry_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Double telemetryMs,
    @JsonProperty("stages_ms") @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> stagesMs,
    @JsonProperty("tokens") @JsonInclude(JsonInclude.Include.NON_NULL) @JsonRawValue @JsonDeserialize(using = RequestEvent.RawJson.class) String tokens,
    @JsonProperty("typed_queries") @JsonInclude(JsonInclude.Include.NON_NULL) Integer typedQueries) {

  /** A closed-model event: exactly the spec's fields. */
  public RequestEvent(String adapter, String scenario, String operation, String startedAt, String endedAt,
      double elapsedMsSinceRunStart, double latencyMs, boolean success, Integer statusCode,
      String exceptionType, String errorMessage, String sessionId, String resourceUri, String taskId,
      Integer workerId, String command) {
    this(adapter, scenario, operation, startedAt, endedAt, elapsedMsSinceRunStart, latencyMs, success,
        statusCode, exceptionType, errorMessage, sessionId, resourceUri, taskId, workerId, command, null,
        null, null, null, null, null);
  }

  /** This event with the server's own time and telemetry in its last fields; itself when there is none. */
  public RequestEvent withServerTiming(ServerTiming timing) {
    if (timing == null) {
      return this;
    }
    return new RequestEvent(adapter, scenario, operation, startedAt, endedAt, elapsedMsSinceRunStart, latencyMs, success,
        statusCode, exceptionType, errorMessage, sessionId, resourceUri, taskId, workerId, command, latencyFromIntendedMs,
        timing.serverMs(), timing.telemetryMs(), timing.stagesMs(), timing.tokens(), timing.queries());
  }

  /** Reads a field written raw (JSON text) back as its compact JSON text. */
  public static final class RawJson extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return parser.readValueAsTree().toString();
    }
  }
}
