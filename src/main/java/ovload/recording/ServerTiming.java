package ovload.recording;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
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
  /** In {@code summary.search} beside the stages: the number of queries the search ran concurrently. */
  static final String QUERIES = "typed_queries_count";
  static final ServerTiming NONE = new ServerTiming(null, null, null, null, null, null);

  /** From the header's value (null when absent) and a parsed reply's {@code telemetry} object (null when absent). */
  public static ServerTiming of(String processTime, JsonNode telemetry) {
    if (telemetry == null) {
      return new ServerTiming(seconds(processTime), null, null, null, null, null);
    }
    try (JsonParser p = telemetry.traverse()) {
      p.nextToken();
      return TelemetryReader.telemetry(p, null).withServerMs(seconds(processTime));
    } catch (IOException e) {
      throw new UncheckedIOException("a tree in memory cannot fail to be read", e);
    }
  }

  /**
   * From the header's value and a reply's body as the server sent it: the envelope's {@code
   * telemetry} is read by {@link TelemetryReader}, with no tree built, so that asking for telemetry
   * costs little per request.
   */
  public static ServerTiming ofReply(String processTime, String body) {
    ServerTiming telemetry = body == null || body.isEmpty() ? NONE : TelemetryReader.envelope(body);
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
