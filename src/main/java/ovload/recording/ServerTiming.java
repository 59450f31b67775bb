package ovload.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server said about its own time for one operation: {@code X-Process-Time} (seconds, as
 * OpenViking's timing middleware writes it) and, when the request asked for {@code "telemetry": true},
 * the operation's telemetry summary: its duration, its stages ({@code summary.search.<stage>.duration_ms})
 * and its token counts ({@code summary.tokens}). OpenViking prunes zero metrics, so a stage it did not
 * run is absent. Any part is null when the server gave none.
 */
public record ServerTiming(Double serverMs, Double telemetryMs, Map<String, Double> stagesMs, JsonNode tokens) {
  public static final String HEADER = "X-Process-Time";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "\"telemetry\"";

  /** From the header's value (null when absent) and the reply's {@code telemetry} object (null when absent). */
  public static ServerTiming of(String processTime, JsonNode telemetry) {
    Double serverMs = seconds(processTime);
    JsonNode summary = telemetry == null ? null : telemetry.get("summary");
    if (summary == null || !summary.isObject()) {
      return new ServerTiming(serverMs, null, null, null);
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
    return new ServerTiming(serverMs, duration != null && duration.isNumber() ? duration.asDouble() : null,
        stages.isEmpty() ? null : Collections.unmodifiableMap(stages), tokens != null && tokens.isObject() ? tokens : null);
  }

  /** An operation of several requests (add_resource: upload, then create): the server's times add up. */
  public ServerTiming after(ServerTiming earlier) {
    if (earlier == null || earlier.serverMs == null) {
      return this;
    }
    return new ServerTiming(serverMs == null ? earlier.serverMs : serverMs + earlier.serverMs, telemetryMs, stagesMs, tokens);
  }

  /**
   * The top-level {@code telemetry} object of an envelope, or null. OpenViking writes it last, after
   * {@code result}: that tail is read first, without scanning the result at all; any other layout
   * streams past the members before it (without building them), so that asking for telemetry costs
   * the load generator little per request either way.
   */
  public static JsonNode telemetryOf(String body) {
    if (body == null || body.isEmpty()) {
      return null;
    }
    JsonNode last = lastMember(body);
    return last != null ? last : streamed(body);
  }

  /**
   * The telemetry object when it is the envelope's last member, else null. Sound without a full
   * parse: the key must follow a {@code ,} or {@code {} (a quote inside a string follows a
   * backslash), and after its object only the body's final brace may come, which closes the
   * top-level envelope, so a {@code "telemetry"} nested anywhere deeper is not taken for it.
   */
  private static JsonNode lastMember(String body) {
    int key = body.lastIndexOf(KEY);
    if (key < 0) {
      return null;
    }
    int before = skipSpace(body, key - 1, -1);
    int colon = skipSpace(body, key + KEY.length(), 1);
    if (before < 0 || body.charAt(before) != ',' && body.charAt(before) != '{'
        || colon >= body.length() || body.charAt(colon) != ':') {
      return null;
    }
    int open = skipSpace(body, colon + 1, 1);
    if (open >= body.length() || body.charAt(open) != '{') {
      return null;
    }
    try (JsonParser parser = JSON.createParser(body.substring(open))) {
      parser.nextToken();
      JsonNode telemetry = JSON.readTree(parser);
      int close = skipSpace(body, open + (int) parser.currentLocation().getCharOffset(), 1);
      return close == body.length() - 1 && body.charAt(close) == '}' ? telemetry : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** The first index from {@code i} on, going by {@code step}, that is not JSON whitespace. */
  private static int skipSpace(String text, int i, int step) {
    while (i >= 0 && i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
      i += step;
    }
    return i;
  }

  private static JsonNode streamed(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("telemetry".equals(name)) {
          return value == JsonToken.START_OBJECT ? JSON.readTree(parser) : null;
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Double seconds(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      double seconds = Double.parseDouble(value.trim());
      return Double.isFinite(seconds) && seconds >= 0 ? seconds * 1000.0 : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
