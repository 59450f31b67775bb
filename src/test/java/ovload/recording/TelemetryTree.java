package ovload.recording;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The telemetry's parts read from Jackson's tree of the whole reply, independently of {@link
 * TelemetryReader}: the oracle its tests compare it with, and the cost it is measured against.
 */
final class TelemetryTree {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TelemetryTree() {}

  /** The envelope's {@code telemetry} of a reply's body; nothing when the body is not JSON. */
  static ServerTiming ofReply(String processTime, String body) {
    try {
      JsonNode reply = MAPPER.readTree(body);
      return of(processTime, reply == null ? null : reply.get("telemetry"));
    } catch (IOException e) {
      return of(processTime, null);
    }
  }

  /** From the header's value and a parsed reply's {@code telemetry} (null when absent). */
  static ServerTiming of(String processTime, JsonNode telemetry) {
    Double serverMs = ServerTiming.of(processTime, null).serverMs();
    JsonNode summary = telemetry == null ? null : telemetry.get("summary");
    if (summary == null || !summary.isObject()) {
      return new ServerTiming(serverMs, null, null, null, null, null);
    }
    JsonNode duration = summary.get("duration_ms");
    Map<String, Double> stages = new LinkedHashMap<>();
    summary.path("search").fields().forEachRemaining(e -> {
      JsonNode ms = e.getValue().path("duration_ms");
      if (ms.isNumber()) {
        stages.put(e.getKey(), ms.asDouble());
      }
    });
    JsonNode tokens = summary.get("tokens");
    JsonNode queries = summary.path("search").path(ServerTiming.QUERIES);
    return new ServerTiming(serverMs, duration != null && duration.isNumber() ? duration.asDouble() : null,
        stages.isEmpty() ? null : Collections.unmodifiableMap(stages), tokens != null && tokens.isObject() ? tokens.toString() : null,
        queries.isInt() ? queries.intValue() : null, null);
  }
}
