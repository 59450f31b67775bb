package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link TelemetryScan} against Jackson, the independent reader: on random telemetry objects it must
 * read what Jackson's tree holds (or give up, and the Jackson fallback reads it), and on random
 * breakages of them it must never take what Jackson refuses as JSON.
 */
class TelemetryScanTest {
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
    int scanned = 0;
    for (int n = 0; n < 3000; n++) {
      String telemetry = object(random, 0, true);
      String body = "{\"status\":\"ok\",\"result\":{\"total\":0}," + space(random) + "\"telemetry\"" + space(random) + ":"
          + space(random) + telemetry + space(random) + (random.nextBoolean() ? ",\"profile\":null" + space(random) : "") + "}";
      ServerTiming expected = ServerTiming.of("0.5", MAPPER.readTree(body).get("telemetry"));
      ServerTiming read = ServerTiming.ofReply("0.5", body);
      assertEquals(expected.telemetryMs(), read.telemetryMs(), body);
      assertEquals(expected.stagesMs(), read.stagesMs(), body);
      assertEquals(expected.queries(), read.queries(), body);
      assertEquals(expected.tokens() == null ? null : MAPPER.readTree(expected.tokens()),
          read.tokens() == null ? null : MAPPER.readTree(read.tokens()), body);
      TelemetryScan scan = TelemetryScan.at(body, body.indexOf(telemetry));
      if (scan != null) {
        scanned++;
        assertEquals(body.indexOf(telemetry) + telemetry.length(), scan.end(), body);
      }
    }
    assertEquals(true, scanned > 1500, "the scan gave up too often to be tested: " + scanned);
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
      TelemetryScan scan = TelemetryScan.at(text, 0);
      // what it read must be a whole JSON value, and what follows it no part of one
      if (scan != null) {
        assertEquals(true, isJson(text.substring(0, scan.end())), "took broken JSON: " + text);
        assertEquals(true, scan.end() < text.length(), "took the whole broken text: " + text);
      }
    }
    assertEquals(true, broken > 10000, "too few broken cases: " + broken);
  }

  @Test
  void takesEveryRealReplyItself() throws Exception {
    for (String name : List.of("find", "search", "search-concurrent", "add_message", "commit", "find-missing-target")) {
      String raw = Files.readString(REAL.resolve(name + ".http"));
      String body = raw.substring(raw.indexOf("\n\n") + 2).trim();
      JsonNode telemetry = MAPPER.readTree(body).get("telemetry");
      int open = body.indexOf("\"telemetry\":") + "\"telemetry\":".length();
      TelemetryScan scan = TelemetryScan.at(body, open);
      assertNotNull(scan, name);
      assertEquals(true, scan.closesTheBody(), name + ": the envelope's own, read by the scan alone");
      ServerTiming expected = ServerTiming.of(null, telemetry);
      assertEquals(expected.telemetryMs(), scan.timing().telemetryMs(), name);
      assertEquals(expected.stagesMs(), scan.timing().stagesMs(), name);
      assertEquals(expected.queries(), scan.timing().queries(), name);
      assertEquals(expected.tokens() == null ? null : MAPPER.readTree(expected.tokens()),
          scan.timing().tokens() == null ? null : MAPPER.readTree(scan.timing().tokens()), name);
    }
    assertNull(TelemetryScan.at("{\"a\\u0062\":1}", 0), "a key with an escape is left to Jackson");
    assertNull(TelemetryScan.at("[".repeat(40) + "]".repeat(40), 0), "not an object");
    assertNull(TelemetryScan.at("{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}", 0), "too deep: left to Jackson");
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
