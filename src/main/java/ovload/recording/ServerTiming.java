package ovload.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the server said about its own time for one operation: {@code X-Process-Time} (seconds, as
 * OpenViking's timing middleware writes it) and, when the request asked for {@code "telemetry": true},
 * the operation's telemetry summary: its duration, its stages ({@code summary.search.<stage>.duration_ms})
 * its token counts ({@code summary.tokens}, kept as the JSON text the server sent, compact) and, for a
 * search, how many queries it ran at once ({@code summary.search.typed_queries_count}: OpenViking 0.5.2
 * runs a search's planned queries concurrently and sums each stage's time over them). OpenViking prunes
 * zero metrics, so a stage it did not run is absent. Any part is null when the server gave none.
 * {@code unreadReply}, when not null, is a reply whose telemetry is still to be read ({@link #deferred}).
 */
public record ServerTiming(Double serverMs, Double telemetryMs, Map<String, Double> stagesMs, String tokens,
    Integer queries, String unreadReply) {
  public static final String HEADER = "X-Process-Time";
  /** Schubfach-style parsing of the stages' numbers: the same doubles as {@link Double#parseDouble}, faster. */
  private static final JsonFactory JSON = JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();
  private static final String KEY = "\"telemetry\"";
  /** In {@code summary.search} beside the stages: the number of queries the search ran concurrently. */
  private static final String QUERIES = "typed_queries_count";
  private static final ServerTiming NONE = new ServerTiming(null, null, null, null, null, null);

  /** From the header's value (null when absent) and a parsed reply's {@code telemetry} object (null when absent). */
  public static ServerTiming of(String processTime, JsonNode telemetry) {
    JsonNode summary = telemetry == null ? null : telemetry.get("summary");
    if (summary == null || !summary.isObject()) {
      return new ServerTiming(seconds(processTime), null, null, null, null, null);
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
    JsonNode queries = summary.path("search").path(QUERIES);
    return new ServerTiming(seconds(processTime), duration != null && duration.isNumber() ? duration.asDouble() : null,
        stages.isEmpty() ? null : Collections.unmodifiableMap(stages), tokens != null && tokens.isObject() ? tokens.toString() : null,
        queries.isInt() ? queries.intValue() : null, null);
  }

  /**
   * From the header's value and a reply's body as the server sent it: the envelope's top-level
   * {@code telemetry} is read, its parts taken and the rest skipped, with no tree built. OpenViking
   * writes it after {@code result}: it is read from its key on, by {@link TelemetryScan}, without
   * scanning the result at all; what the scan does not take on is streamed with Jackson's parser
   * past the members before it. Asking for telemetry thereby costs the load
   * generator little per request.
   */
  public static ServerTiming ofReply(String processTime, String body) {
    ServerTiming telemetry = body == null || body.isEmpty() ? NONE : envelopeMember(body);
    if (telemetry == null) {
      telemetry = streamed(body);
    }
    return telemetry.withServerMs(seconds(processTime));
  }

  /**
   * The server's time now, and the reply kept to be read by {@link #read()} later: the event writer
   * reads it, on its own thread, so that the load generator's event loop, which times every other
   * request, does not parse telemetry.
   */
  public static ServerTiming deferred(String processTime, String body) {
    return new ServerTiming(seconds(processTime), null, null, null, null, body == null || body.isEmpty() ? null : body);
  }

  /** This timing with its reply read ({@link #ofReply}); itself when nothing is left to read. */
  public ServerTiming read() {
    if (unreadReply == null) {
      return this;
    }
    return ofReply(null, unreadReply).withServerMs(serverMs);
  }

  private ServerTiming withServerMs(Double ms) {
    return new ServerTiming(ms, telemetryMs, stagesMs, tokens, queries, null);
  }

  /** An operation of several requests (add_resource: upload, then create): the server's times add up. */
  public ServerTiming after(ServerTiming earlier) {
    if (earlier == null || earlier.serverMs == null) {
      return this;
    }
    return new ServerTiming(serverMs == null ? earlier.serverMs : serverMs + earlier.serverMs, telemetryMs, stagesMs, tokens,
        queries, unreadReply);
  }

  /**
   * The envelope's telemetry as {@link TelemetryScan} reads it from its key on, without reading what
   * comes before; null when the scan gives up. Sound without a full parse: the key must follow a
   * {@code ,} or {@code {} (a quote inside a string follows a backslash), and after its object only
   * further members and then the body's final brace may come, which closes the top-level envelope,
   * so a {@code "telemetry"} nested anywhere deeper is not taken for it.
   */
  private static ServerTiming envelopeMember(String body) {
    // forward, as the JIT's vectorised indexOf searches (a tenth of lastIndexOf's time on a find reply)
    int key = body.indexOf(KEY);
    if (key < 0) {
      return NONE;
    }
    for (; key >= 0; key = body.indexOf(KEY, key + 1)) {
      ServerTiming telemetry = memberAt(body, key);
      if (telemetry != null) {
        return telemetry;
      }
    }
    return null;
  }

  /** The telemetry whose key is at {@code key} if it is a member of the envelope, else null. */
  private static ServerTiming memberAt(String body, int key) {
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
    TelemetryScan scan = TelemetryScan.at(body, open);
    return scan != null && scan.closesTheBody() ? scan.timing() : null;
  }

  /** The first index from {@code i} on, going by {@code step}, that is not JSON whitespace. */
  private static int skipSpace(String text, int i, int step) {
    while (i >= 0 && i < text.length() && " \t\r\n".indexOf(text.charAt(i)) >= 0) {
      i += step;
    }
    return i;
  }

  /** Jackson's read of the whole reply, streamed: for any layout, and what {@link TelemetryScan} gives up on. */
  static ServerTiming streamed(String body) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return NONE;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("telemetry".equals(name)) {
          return value == JsonToken.START_OBJECT ? read(parser, body) : NONE;
        }
        parser.skipChildren();
      }
      return NONE;
    } catch (IOException | RuntimeException e) {
      return NONE;
    }
  }

  /** The telemetry object the parser is at (over {@code text}): its summary's duration, stages, tokens and queries. */
  private static ServerTiming read(JsonParser parser, String text) throws IOException {
    Double ms = null;
    Map<String, Double> stages = null;
    String tokens = null;
    Integer queries = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      boolean summary = "summary".equals(parser.currentName());
      if (parser.nextToken() != JsonToken.START_OBJECT || !summary) {
        parser.skipChildren();
        continue;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("duration_ms") && value.isNumeric()) {
          ms = parser.getDoubleValue();
        } else if (name.equals("search") && value == JsonToken.START_OBJECT) {
          stages = new LinkedHashMap<>();
          queries = stages(parser, stages);
          stages = stages.isEmpty() ? null : Collections.unmodifiableMap(stages);
        } else if (name.equals("tokens") && value == JsonToken.START_OBJECT) {
          int from = (int) parser.currentTokenLocation().getCharOffset();
          parser.skipChildren();
          tokens = compact(text.substring(from, (int) parser.currentLocation().getCharOffset()));
        } else {
          parser.skipChildren();
        }
      }
    }
    return new ServerTiming(null, ms, stages, tokens, queries, null);
  }

  /**
   * {@code summary.search}: puts each stage's {@code duration_ms} into {@code stages}, in the server's
   * order, and returns its {@code typed_queries_count} (null when absent or not an int).
   */
  private static Integer stages(JsonParser parser, Map<String, Double> stages) throws IOException {
    Integer queries = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String stage = parser.currentName();
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_NUMBER_INT && stage.equals(QUERIES) && parser.getNumberType() == JsonParser.NumberType.INT) {
        queries = parser.getIntValue();
        continue;
      }
      if (value != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        boolean duration = "duration_ms".equals(parser.currentName());
        if (parser.nextToken().isNumeric() && duration) {
          stages.put(stage, parser.getDoubleValue());
        } else {
          parser.skipChildren();
        }
      }
    }
    return queries;
  }

  /** JSON text as one line of {@code request_events.jsonl}: a line break outside a string is only whitespace. */
  static String compact(String json) {
    return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
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
