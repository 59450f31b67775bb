package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TelemetryReader} against Jackson's tree, the independent reader ({@link TelemetryTree}): on
 * random telemetry objects it must read what the tree holds, and on random breakages of them it must
 * never take what Jackson refuses as JSON.
 */
class TelemetryReaderTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path REAL = Path.of("src/test/resources/telemetry/openviking-0.5.2");
  private static final String[] KEYS = {"summary", "search", "duration_ms", "tokens", "typed_queries_count", "embed_query",
      "vector_retrieval", "id", "total", "x", "", "é", "a b", "q\\\"k"};
  private static final String[] NUMBERS = {"0", "-0", "-0.0", "-0e1", "7", "-12", "3.25", "1e2", "-2.5E-3", "12345678901", "2147483647",
      "2147483648", "-2147483648", "0.1", "123456789012345678901234567890", "1E+2", "40.403"};
  private static final String[] STRINGS = {"\"\"", "\"a\"", "\"say \\\"hi\\\"\"", "\"\\\\\"", "\"\\u00e9\\n\\t\"", "\"é ü\"",
      "\"}\"", "\"{\\\"telemetry\\\":1}\""};

  @Test
  void readsWhatJacksonReadsOnRandomTelemetry() throws Exception {
    Random random = new Random(13);
    int read = 0;
    for (int n = 0; n < 3000; n++) {
      String telemetry = object(random, 0, true);
      String body = "{\"status\":\"ok\",\"result\":{\"total\":0}," + space(random) + "\"telemetry\"" + space(random) + ":"
          + space(random) + telemetry + space(random) + (random.nextBoolean() ? ",\"profile\":null" + space(random) : "") + "}";
      ServerTiming expected = TelemetryTree.ofReply("0.5", body);
      for (ServerTiming actual : List.of(ServerTiming.ofReply("0.5", body), ServerTiming.of("0.5", MAPPER.readTree(body).get("telemetry")))) {
        assertEquals(expected.telemetryMs(), actual.telemetryMs(), body);
        assertEquals(expected.stagesMs(), actual.stagesMs(), body);
        assertEquals(expected.queries(), actual.queries(), body);
        assertEquals(expected.tokens() == null ? null : MAPPER.readTree(expected.tokens()),
            actual.tokens() == null ? null : MAPPER.readTree(actual.tokens()), body);
      }
      // the reader stops at the telemetry's closing brace, wherever it stands in the text
      String tail = body.substring(body.indexOf(telemetry));
      try (JsonParser p = MAPPER.getFactory().createParser(tail)) {
        p.nextToken();
        TelemetryReader.telemetry(p, tail);
        assertEquals(telemetry.length(), p.currentLocation().getCharOffset(), body);
        read++;
      }
    }
    assertEquals(3000, read);
  }

  @Test
  void neverTakesWhatIsNotJson() throws Exception {
    Random random = new Random(29);
    String breakers = "{}[]\",:\\-.eE0 tfnx\u0001";
    int broken = 0;
    for (int n = 0; n < 20000; n++) {
      String telemetry = object(random, 0, true);
      StringBuilder mutated = new StringBuilder(telemetry);
      int at = random.nextInt(mutated.length());
      switch (random.nextInt(3)) {
        case 0 -> mutated.deleteCharAt(at);
        case 1 -> mutated.insert(at, breakers.charAt(random.nextInt(breakers.length())));
        default -> mutated.setCharAt(at, breakers.charAt(random.nextInt(breakers.length())));
      }
      String text = mutated.toString();
      if (isJson(text)) {
        continue;
      }
      broken++;
      Integer end = readTo(text);
      // what it read must be a whole JSON value, and what follows it no part of one
      if (end != null) {
        assertEquals(true, isJson(text.substring(0, end)), "took broken JSON: " + text);
        assertEquals(true, end < text.length(), "took the whole broken text: " + text);
      }
    }
    assertEquals(true, broken > 10000, "too few broken cases: " + broken);
  }

  @Test
  void readsEveryRealReply() throws Exception {
    for (String name : List.of("find", "search", "search-concurrent", "add_message", "commit", "find-missing-target")) {
      String raw = Files.readString(REAL.resolve(name + ".http"));
      String body = raw.substring(raw.indexOf("\n\n") + 2).trim();
      ServerTiming expected = TelemetryTree.ofReply(null, body);
      ServerTiming read = TelemetryReader.envelope(body);
      assertNotNull(read.telemetryMs(), name);
      assertEquals(expected.telemetryMs(), read.telemetryMs(), name);
      assertEquals(expected.stagesMs(), read.stagesMs(), name);
      assertEquals(expected.queries(), read.queries(), name);
      assertEquals(expected.tokens() == null ? null : MAPPER.readTree(expected.tokens()),
          read.tokens() == null ? null : MAPPER.readTree(read.tokens()), name);
    }
    // escaped keys and deep nesting are the streaming parser's own business
    assertEquals(2.0, TelemetryReader.envelope("{\"telemetry\":{\"summ\\u0061ry\":{\"duration_ms\":2}}}").telemetryMs(),
        "a key with an escape");
    String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + ",\"summary\":{\"duration_ms\":3}}";
    assertEquals(3.0, TelemetryReader.envelope("{\"telemetry\":" + deep + "}").telemetryMs(), "deep nesting");
    assertNull(TelemetryReader.envelope("[".repeat(40) + "]".repeat(40)).telemetryMs(), "not an object");
  }

  /**
   * The read from the telemetry's key on takes only the envelope's own, last telemetry: a key nested
   * in the result, a key that ends in the word, a later escaped key and members after it read as the tree reads them.
   */
  @Test
  void readsFromTheKeyOnlyWhatTheTreeHolds() throws Exception {
    String t = "{\"summary\":{\"duration_ms\":%s}}";
    List<String> bodies = List.of(
        "{\"result\":{\"a\":1},\"telemetry\":" + t.formatted(1) + "}",
        "{\"result\":{\"a\":1},\"telemetry\" : " + t.formatted(2) + " ,\"profile\":null,\"x\":[1,{\"y\":2}]}",
        "{\"result\":{\"telemetry\":" + t.formatted(3) + "}}",
        "{\"result\":[{\"telemetry\":" + t.formatted(4) + "}]}",
        "{\"telemetry\":" + t.formatted(5) + ",\"result\":{\"telemetry\":" + t.formatted(6) + "}}",
        "{\"x\\\"telemetry\":" + t.formatted(7) + "}",
        "{\"telemetry\":" + t.formatted(8) + ",\"tele\\u006detry\":" + t.formatted(9) + "}",
        "{\"telemetry\":" + t.formatted(10) + ",\"r\":\"\\\"\"}",
        "{\"telemetry\":" + t.formatted(11) + "}}",
        "{\"telemetry\":" + t.formatted(12) + "} x",
        "{\"telemetry\":null}",
        "{\"result\":\"telemetry\",\"telemetry\":" + t.formatted(13) + "}");
    List<Double> read = new java.util.ArrayList<>();
    for (String body : bodies) {
      ServerTiming actual = TelemetryReader.envelope(body);
      assertEquals(TelemetryTree.ofReply(null, body).telemetryMs(), actual.telemetryMs(), body);
      read.add(actual.telemetryMs());
    }
    // what follows a root object is no part of the reply, for the tree as for the walk
    assertEquals(java.util.Arrays.asList(1.0, 2.0, null, null, 5.0, null, 9.0, 10.0, 11.0, 12.0, null, 13.0), read);
  }

  /** Where the reader stopped after the telemetry object at the start of {@code text}; null when it refused it. */
  private static Integer readTo(String text) {
    try (JsonParser p = MAPPER.getFactory().createParser(text)) {
      p.nextToken();
      TelemetryReader.telemetry(p, text);
      p.finishToken(); // a string's end is found lazily
      return (int) p.currentLocation().getCharOffset();
    } catch (Exception e) {
      return null;
    }
  }

  private static boolean isJson(String text) {
    try {
      return MAPPER.readerFor(JsonNode.class).with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .readValue(text) != null;
    } catch (Exception e) {
      return false;
    }
  }

  /** A random object; at the top ({@code shaped}) it leans towards the telemetry's own members. */
  private static String object(Random random, int depth, boolean shaped) {
    StringBuilder out = new StringBuilder("{").append(space(random));
    int members = random.nextInt(depth == 0 ? 4 : 5);
    // unique keys: Jackson's tree keeps a repeated key's last value, a stream reads each
    java.util.Set<String> used = new java.util.HashSet<>();
    for (int m = 0; m < members; m++) {
      String key = shaped && random.nextInt(3) > 0 ? "summary" : KEYS[random.nextInt(KEYS.length)];
      if (!used.add(key)) {
        continue;
      }
      if (used.size() > 1) {
        out.append(space(random)).append(',').append(space(random));
      }
      out.append('"').append(key).append('"').append(space(random)).append(':').append(space(random));
      out.append(value(random, depth + 1, key));
    }
    return out.append(space(random)).append('}').toString();
  }

  private static String value(Random random, int depth, String key) {
    boolean deep = depth > 5;
    int kind = random.nextInt(deep ? 4 : 7);
    if (!deep && random.nextInt(2) == 0 && (key.equals("summary") || key.equals("search") || key.equals("tokens")
        || key.equals("embed_query") || key.equals("vector_retrieval"))) {
      kind = 4;
    }
    return switch (kind) {
      case 0, 1 -> NUMBERS[random.nextInt(NUMBERS.length)];
      case 2 -> STRINGS[random.nextInt(STRINGS.length)];
      case 3 -> List.of("true", "false", "null").get(random.nextInt(3));
      case 4, 5 -> object(random, depth, false);
      default -> {
        StringBuilder array = new StringBuilder("[").append(space(random));
        int items = random.nextInt(3);
        for (int i = 0; i < items; i++) {
          array.append(i > 0 ? "," : "").append(value(random, depth + 1, "x"));
        }
        yield array.append(space(random)).append(']').toString();
      }
    };
  }

  private static String space(Random random) {
    return List.of("", "", "", " ", "\n  ", "\t", "\r\n").get(random.nextInt(7));
  }
}
