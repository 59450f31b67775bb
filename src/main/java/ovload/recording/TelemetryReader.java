package ovload.recording;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ovload.support.Json;

/**
 * Reads the parts of a reply's {@code telemetry} that {@link ServerTiming} keeps with Jackson's
 * streaming parser: {@code summary.duration_ms}, {@code summary.search.<stage>.duration_ms}, {@code
 * summary.search.typed_queries_count} (an int) and {@code summary.tokens} (as compact JSON text).
 * Everything else, the envelope's other members included, is skipped ({@link JsonParser#skipChildren})
 * without building a tree, so the event writer's thread spends little per reply. It reads what
 * Jackson's tree of the reply holds (escaped keys, any nesting, a null telemetry) and nothing of a
 * reply that is not JSON from the telemetry's key on; where a key repeats, its last value counts, as
 * in the tree. A reply whose telemetry comes after its result, as OpenViking writes it, is read from
 * the telemetry's key on ({@link #envelope}).
 */
final class TelemetryReader {
  private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

  /** The text being parsed, when it is one (null for a tree): {@code tokens} is then cut from it as it came. */
  private final String source;
  private Double durationMs;
  private Map<String, Double> stages;
  private String tokens;
  private Integer queries;

  private TelemetryReader(String source) {
    this.source = source;
  }

  /** The envelope's own {@code telemetry}, wherever it stands among the members; nothing when absent or not JSON. */
  static ServerTiming envelope(String body) {
    ServerTiming last = nearTheEnd(body);
    return last != null ? last : walked(body);
  }

  /**
   * The telemetry read from its key on, without tokenising the result before it: OpenViking writes
   * it after the result, which holds nearly all of a reply's text. A JSON string holds no unescaped
   * quote, so {@code "telemetry"} after a {@code ,} or {@code {} and before a colon is a key; it is
   * the envelope's own when what follows its value closes exactly one object and ends the text, and
   * its last when that rest holds no later one (no escape in it either). Null when any of that fails:
   * the caller then walks the whole envelope. What precedes the key is not checked to be JSON.
   */
  private static ServerTiming nearTheEnd(String body) {
    int key = body.lastIndexOf("\"telemetry\"");
    if (key < 0) {
      return null;
    }
    int before = key - 1;
    while (before >= 0 && Character.isWhitespace(body.charAt(before))) {
      before--;
    }
    int colon = key + "\"telemetry\"".length();
    while (colon < body.length() && Character.isWhitespace(body.charAt(colon))) {
      colon++;
    }
    if (before < 0 || (body.charAt(before) != ',' && body.charAt(before) != '{') || colon >= body.length()
        || body.charAt(colon) != ':' || body.indexOf('\\', colon) >= 0) {
      return null;
    }
    // the key's object from the key on, as an object of its own: {"telemetry": <value> <later members>}
    String tail = "{\"telemetry\"" + body.substring(colon);
    try (JsonParser p = FACTORY.createParser(tail)) {
      p.nextToken();
      p.nextToken();
      p.nextToken();
      ServerTiming found = telemetry(p, tail);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        p.nextToken();
        p.skipChildren();
      }
      return p.currentToken() == JsonToken.END_OBJECT && p.nextToken() == null ? found : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Every member of the envelope in turn, the telemetry read and the rest skipped. */
  private static ServerTiming walked(String body) {
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return ServerTiming.NONE;
      }
      ServerTiming found = ServerTiming.NONE;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        boolean telemetry = "telemetry".equals(p.currentName());
        p.nextToken();
        if (telemetry) {
          found = telemetry(p, body);
        } else {
          p.skipChildren();
        }
      }
      return found;
    } catch (IOException e) {
      return ServerTiming.NONE;
    }
  }

  /**
   * The telemetry value at the parser's current token, which is left at that value's last token;
   * {@code source} is the text the parser reads, or null when it reads no text (a tree).
   */
  static ServerTiming telemetry(JsonParser p, String source) throws IOException {
    TelemetryReader read = new TelemetryReader(source);
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return ServerTiming.NONE;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean summary = "summary".equals(p.currentName());
      if (p.nextToken() == JsonToken.START_OBJECT && summary) {
        read = new TelemetryReader(source);
        read.summary(p);
      } else if (summary) {
        read = new TelemetryReader(source); // a summary that is no object has nothing to read
      }
      p.skipChildren();
    }
    return new ServerTiming(null, read.durationMs, read.stages, read.tokens, read.queries, null);
  }

  private void summary(JsonParser p) throws IOException {
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      switch (name) {
        case "duration_ms" -> durationMs = number(p);
        case "search" -> search(p);
        case "tokens" -> tokens = value == JsonToken.START_OBJECT ? compact(p) : null;
        default -> { }
      }
      p.skipChildren();
    }
  }

  /** The stages (every member that is an object with a numeric {@code duration_ms}) and the count of queries. */
  private void search(JsonParser p) throws IOException {
    stages = null;
    queries = null;
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return;
    }
    Map<String, Double> found = new LinkedHashMap<>();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      if (name.equals(ServerTiming.QUERIES)) {
        queries = value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : null;
      }
      Double ms = value == JsonToken.START_OBJECT ? stageMs(p) : null;
      if (ms != null) {
        found.put(name, ms);
      } else {
        found.remove(name);
      }
      p.skipChildren();
    }
    stages = found.isEmpty() ? null : Collections.unmodifiableMap(found);
  }

  private static Double stageMs(JsonParser p) throws IOException {
    Double ms = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      boolean duration = "duration_ms".equals(p.currentName());
      p.nextToken();
      ms = duration ? number(p) : ms;
      p.skipChildren();
    }
    return ms;
  }

  /** The current value as a double when it is a number, as Jackson's tree gives it; else null. */
  private static Double number(JsonParser p) throws IOException {
    return p.currentToken().isNumeric() ? p.getDoubleValue() : null;
  }

  /**
   * The object at the parser as one line of JSON, for {@code request_events.jsonl}: cut from the
   * source text, where a line break outside a string is only whitespace, else written by Jackson.
   */
  private String compact(JsonParser p) throws IOException {
    if (source != null) {
      int from = (int) p.currentTokenLocation().getCharOffset();
      p.skipChildren();
      String json = source.substring(from, (int) p.currentLocation().getCharOffset());
      return json.indexOf('\n') < 0 && json.indexOf('\r') < 0 ? json : json.replace('\n', ' ').replace('\r', ' ');
    }
    StringWriter out = new StringWriter();
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.copyCurrentStructure(p);
    }
    return out.toString();
  }
}
