package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads replies a real OpenViking 0.5.2 server gave ({@code resources/telemetry/openviking-0.5.2}, raw HTTP). */
class ServerTimingTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path REAL = Path.of("src/test/resources/telemetry/openviking-0.5.2");

  /** {header value, body} of a saved reply. */
  private static String[] reply(String name) throws Exception {
    String raw = Files.readString(REAL.resolve(name + ".http"));
    String header = raw.lines().filter(l -> l.toLowerCase().startsWith("x-process-time:")).findFirst().orElseThrow();
    return new String[] {header.substring(header.indexOf(':') + 1).trim(), raw.substring(raw.indexOf("\n\n") + 2).trim()};
  }

  @Test
  void findCarriesServerTimeStagesAndTokens() throws Exception {
    String[] r = reply("find");
    ServerTiming t = ServerTiming.ofReply(r[0], r[1]);
    assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
    assertEquals(Map.of("embed_query", 30.493, "vector_retrieval", 5.954), t.stagesMs());
    assertEquals(40.403, t.telemetryMs());
    assertNull(t.queries(), "find plans no queries");
    assertEquals(2, MAPPER.readTree(t.tokens()).path("embedding").path("total").asInt());
  }

  @Test
  void searchWithASessionHasIntentAnalysisAndLlmTokens() throws Exception {
    String[] r = reply("search");
    ServerTiming t = ServerTiming.ofReply(r[0], r[1]);
    assertEquals(java.util.Set.of("intent_analysis", "embed_query", "vector_retrieval"), t.stagesMs().keySet());
    assertEquals(317, MAPPER.readTree(t.tokens()).path("llm").path("input").asInt());
    assertEquals(1, t.queries(), "the planner's typed queries");
  }

  /** A real search that planned two queries (resource, memory): OpenViking summed each stage over them, past its own time. */
  @Test
  void concurrentQueriesSumTheirStages() throws Exception {
    String[] r = reply("search-concurrent");
    ServerTiming t = ServerTiming.ofReply(r[0], r[1]);
    assertEquals(2, t.queries());
    Map<String, Double> s = t.stagesMs();
    double sum = s.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(true, sum > t.serverMs(), sum + " ms of stages in " + t.serverMs() + " ms");
    // what the wall clock holds: intent analysis, then the two queries at once (the slower no shorter than their mean)
    assertEquals(true, s.get("intent_analysis") + (s.get("embed_query") + s.get("vector_retrieval")) / 2 <= t.serverMs(), s.toString());
  }

  @Test
  void sessionCallsHaveADurationButNoStages() throws Exception {
    for (String name : new String[] {"add_message", "commit"}) {
      String[] r = reply(name);
      ServerTiming t = ServerTiming.ofReply(r[0], r[1]);
      assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
      assertEquals(true, t.telemetryMs() > 0, name);
      assertNull(t.stagesMs(), name);
    }
  }

  @Test
  void theStreamReadsWhatTheParsedTreeHolds() throws Exception {
    // the streaming read, of the body (sdk) or of a parsed reply (cli-http), must agree with Jackson's tree alone
    List<String> bodies = new ArrayList<>();
    for (String name : new String[] {"find", "search", "add_message", "commit", "find-missing-target", "search-concurrent"}) {
      bodies.add(reply(name)[1]);
    }
    bodies.add("{\"result\":{},\"telemetry\":{\"a\":[1,2.5,\"x\",true,null,{}],\"summary\":{\"big\":12345678901,"
        + "\"duration_ms\":1e2,\"x\":[{\"duration_ms\":[]}],\"search\":{\"odd\":[1],\"s\":{\"n\":{\"duration_ms\":9},"
        + "\"duration_ms\":-0.0},\"t\":{\"duration_ms\":\"7\"},\"typed_queries_count\":3,\"u\":{\"duration_ms\":3,\"more\":[{}]}},"
        + "\"tokens\":{\"total\":123456789012345678901234567890,\"s\":\"a\\\"}\",\"n\":{\"x\":[1, 2]}}},\"id\":\"tm\"}}");
    bodies.add("{\"result\":{},\"telemetry\":{\"summary\":{\"duration_ms\":{\"v\":1},\"search\":[],\"tokens\":1}}}");
    for (String count : new String[] {"2.0", "12345678901", "\"2\"", "{}", "-1"}) {
      bodies.add("{\"telemetry\":{\"summary\":{\"search\":{\"typed_queries_count\":" + count + "}}}}");
    }
    for (String body : bodies) {
      ServerTiming tree = TelemetryTree.of("0.5", MAPPER.readTree(body).get("telemetry"));
      for (ServerTiming streamed : List.of(ServerTiming.ofReply("0.5", body), ServerTiming.of("0.5", MAPPER.readTree(body).get("telemetry")))) {
        assertEquals(tree.serverMs(), streamed.serverMs(), body);
        assertEquals(tree.telemetryMs(), streamed.telemetryMs(), body);
        assertEquals(tree.stagesMs(), streamed.stagesMs(), body);
        assertEquals(tree.queries(), streamed.queries(), body);
        assertEquals(tree.tokens() == null ? null : MAPPER.readTree(tree.tokens()),
            streamed.tokens() == null ? null : MAPPER.readTree(streamed.tokens()), body);
      }
    }
    assertEquals(3, ServerTiming.ofReply(null, bodies.get(6)).queries(), "read beside the stages");
    assertNull(ServerTiming.ofReply(null, bodies.get(bodies.size() - 2)).queries(), "not an int: none");
  }

  @Test
  void tokensStayOnTheEventsLine() throws Exception {
    String body = "{\"result\":{},\"telemetry\":{\"summary\":{\"tokens\":{\r\n  \"total\": 3,\n  \"s\": \"a\\nb\"\n}}}}";
    String tokens = ServerTiming.ofReply(null, body).tokens();
    assertEquals(-1, tokens.indexOf('\n'), tokens);
    assertEquals(-1, tokens.indexOf('\r'), tokens);
    assertEquals(MAPPER.readTree("{\"total\":3,\"s\":\"a\\nb\"}"), MAPPER.readTree(tokens));
    String line = MAPPER.writeValueAsString(new RequestEvent("sdk", "retrieval", "find", "a", "b", 1, 2, true, 200, null, null,
        null, null, null, 0, null, null, 1.0, 0.5, null, tokens, 2));
    assertEquals(3, MAPPER.readTree(line).path("tokens").path("total").asInt(), line);
    assertEquals(2, MAPPER.readTree(line).path("typed_queries").asInt(), line);
  }

  @Test
  void withoutTelemetryOnlyServerTime() throws Exception {
    String[] r = reply("find-without-telemetry");
    ServerTiming t = ServerTiming.ofReply(r[0], r[1]);
    assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
    assertNull(t.telemetryMs());
    assertNull(ServerTiming.of(null, null).serverMs());
    assertNull(ServerTiming.of("garbage", null).serverMs());
    assertNull(ServerTiming.ofReply("0.1", "not json").telemetryMs());
  }

  @Test
  void addResourceAddsTheUploadsServerTime() {
    ServerTiming t = ServerTiming.of("0.002", null).after(ServerTiming.of("0.001", null));
    assertEquals(3.0, t.serverMs(), 1e-9);
  }

  /** Only the envelope's own telemetry counts, wherever it is, whatever the result holds. */
  @Test
  void onlyTheTopLevelTelemetryIsRead() {
    String tail = "\"telemetry\":{\"summary\":{\"duration_ms\":2.5}}";
    // last, first, before another member, with spaces: all read
    for (String body : new String[] {"{\"status\":\"ok\",\"result\":{\"total\":0}," + tail + "}",
        "{" + tail + ",\"result\":{\"total\":0}}", "{\"result\":{}," + tail + ",\"profile\":null}",
        "{\"result\":{} ,\n " + tail.replace(":{", " : {") + " \n}\n",
        // a later "telemetry" inside a string does not hide the real one
        "{\"result\":{}," + tail + ",\"note\":\"said \\\"telemetry\\\": {}\"}",
        // nor an earlier one nested in the result (the key is searched from the front)
        "{\"result\":{\"x\":{\"telemetry\":{\"summary\":{\"duration_ms\":9}}}}," + tail + "}"}) {
      assertEquals(2.5, ServerTiming.ofReply(null, body).telemetryMs(), body);
    }
    // a "telemetry" nested in the result, or a key that only ends in it, is not the envelope's
    for (String body : new String[] {"{\"status\":\"ok\",\"result\":{" + tail + "}}",
        "{\"result\":{\"items\":[{" + tail + "}]}}", "{\"a\\\"telemetry\":{\"summary\":{\"duration_ms\":2.5}}}",
        "{\"result\":{},\"telemetry\":null}"}) {
      assertNull(ServerTiming.ofReply(null, body).telemetryMs(), body);
    }
  }
}
