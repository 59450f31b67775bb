package ovload.recording;

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
 * its token counts ({@code summary.tokens}, kept as the JSON text the server sent, compact) and, for a
 * search, how many queries it ran at once ({@code summary.search.typed_queries_count}: OpenViking 0.5.2
 * runs a search's planned queries concurrently and sums each stage's time over them). OpenViking prunes
 * zero metrics, so a stage it did not run is absent. Any part is null when the server gave none.
 * {@code unreadReply}, when not null, is a reply whose telemetry is still to be read ({@link #deferred}).
 */
public record ServerTiming(Double serverMs, Double telemetryMs, Map<String, Double> stagesMs, String tokens,
    Integer queries, String unreadReply) {
  public static final String HEADER = "X-Process-Time";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String KEY = "\"telemetry\"";
  /** In {@code summary.search} beside the stages: the number of queries the search ran concurrently. */
  static final String QUERIES = "typed_queries_count";
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
   * scanning the result at all; what the scan does not take on is read from Jackson's tree of the
   * reply ({@link #parsed}). Asking for telemetry thereby costs the load generator little per request.
   */
  public static ServerTiming ofReply(String processTime, String body) {
    ServerTiming telemetry = body == null || body.isEmpty() ? NONE : envelopeMember(body);
    if (telemetry == null) {
      telemetry = parsed(body);
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

  /**
   * Jackson's tree of the whole reply, as cli-http reads it ({@link #of}): for what {@link
   * TelemetryScan} does not take on (a {@code null} telemetry, escaped keys, deep nesting, broken
   * JSON), all rare, so their cost does not matter.
   */
  static ServerTiming parsed(String body) {
    try {
      JsonNode reply = MAPPER.readTree(body);
      return of(null, reply == null ? null : reply.get("telemetry"));
    } catch (IOException e) {
      return NONE;
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
