package ovload.recording;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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

  private static final SerializableString ADAPTER = new SerializedString("adapter");
  private static final SerializableString SCENARIO = new SerializedString("scenario");
  private static final SerializableString OPERATION = new SerializedString("operation");
  private static final SerializableString STARTED_AT = new SerializedString("started_at");
  private static final SerializableString ENDED_AT = new SerializedString("ended_at");
  private static final SerializableString ELAPSED = new SerializedString("elapsed_ms_since_run_start");
  private static final SerializableString LATENCY = new SerializedString("latency_ms");
  private static final SerializableString SUCCESS = new SerializedString("success");
  private static final SerializableString STATUS_CODE = new SerializedString("status_code");
  private static final SerializableString EXCEPTION_TYPE = new SerializedString("exception_type");
  private static final SerializableString ERROR_MESSAGE = new SerializedString("error_message");
  private static final SerializableString SESSION_ID = new SerializedString("session_id");
  private static final SerializableString RESOURCE_URI = new SerializedString("resource_uri");
  private static final SerializableString TASK_ID = new SerializedString("task_id");
  private static final SerializableString WORKER_ID = new SerializedString("worker_id");
  private static final SerializableString COMMAND = new SerializedString("command");
  private static final SerializableString FROM_INTENDED = new SerializedString("latency_from_intended_ms");
  private static final SerializableString SERVER_MS = new SerializedString("server_ms");
  private static final SerializableString TELEMETRY_MS = new SerializedString("telemetry_ms");
  private static final SerializableString STAGES_MS = new SerializedString("stages_ms");
  private static final SerializableString TOKENS = new SerializedString("tokens");
  private static final SerializableString TYPED_QUERIES = new SerializedString("typed_queries");

  /**
   * This event as Jackson's mapper writes it from the annotations above (the same names, order,
   * numbers and escapes: {@code EventRecorderTest} holds the two byte for byte), but field by field
   * into the generator: the event writer serialises every request, and the mapper's reflective
   * property walk cost it about twice as much per event.
   */
  public void writeTo(JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeFieldName(ADAPTER);
    g.writeString(adapter);
    g.writeFieldName(SCENARIO);
    g.writeString(scenario);
    g.writeFieldName(OPERATION);
    g.writeString(operation);
    g.writeFieldName(STARTED_AT);
    g.writeString(startedAt);
    g.writeFieldName(ENDED_AT);
    g.writeString(endedAt);
    g.writeFieldName(ELAPSED);
    g.writeNumber(elapsedMsSinceRunStart);
    g.writeFieldName(LATENCY);
    g.writeNumber(latencyMs);
    g.writeFieldName(SUCCESS);
    g.writeBoolean(success);
    g.writeFieldName(STATUS_CODE);
    writeInteger(g, statusCode);
    g.writeFieldName(EXCEPTION_TYPE);
    g.writeString(exceptionType);
    g.writeFieldName(ERROR_MESSAGE);
    g.writeString(errorMessage);
    g.writeFieldName(SESSION_ID);
    g.writeString(sessionId);
    g.writeFieldName(RESOURCE_URI);
    g.writeString(resourceUri);
    g.writeFieldName(TASK_ID);
    g.writeString(taskId);
    g.writeFieldName(WORKER_ID);
    writeInteger(g, workerId);
    g.writeFieldName(COMMAND);
    g.writeString(command);
    writeIfPresent(g, FROM_INTENDED, latencyFromIntendedMs);
    writeIfPresent(g, SERVER_MS, serverMs);
    writeIfPresent(g, TELEMETRY_MS, telemetryMs);
    if (stagesMs != null) {
      g.writeFieldName(STAGES_MS);
      g.writeStartObject();
      for (Map.Entry<String, Double> stage : stagesMs.entrySet()) {
        g.writeFieldName(stage.getKey());
        if (stage.getValue() == null) {
          g.writeNull();
        } else {
          g.writeNumber(stage.getValue().doubleValue());
        }
      }
      g.writeEndObject();
    }
    if (tokens != null) {
      g.writeFieldName(TOKENS);
      g.writeRawValue(tokens);
    }
    if (typedQueries != null) {
      g.writeFieldName(TYPED_QUERIES);
      g.writeNumber(typedQueries.intValue());
    }
    g.writeEndObject();
  }

  private static void writeInteger(JsonGenerator g, Integer value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else {
      g.writeNumber(value.intValue());
    }
  }

  private static void writeIfPresent(JsonGenerator g, SerializableString name, Double value) throws IOException {
    if (value != null) {
      g.writeFieldName(name);
      g.writeNumber(value.doubleValue());
    }
  }

  /** Reads a field written raw (JSON text) back as its compact JSON text. */
  public static final class RawJson extends JsonDeserializer<String> {
    @Override
    public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return parser.readValueAsTree().toString();
    }
  }
}
