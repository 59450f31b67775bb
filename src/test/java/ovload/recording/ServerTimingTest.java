package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reads replies a real OpenViking 0.5.2 server gave ({@code resources/telemetry/openviking-0.5.2}, raw HTTP). */
class ServerTimingTest {
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
    ServerTiming t = ServerTiming.of(r[0], ServerTiming.telemetryOf(r[1]));
    assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
    assertEquals(Map.of("embed_query", 30.493, "vector_retrieval", 5.954), t.stagesMs());
    assertEquals(40.403, t.telemetryMs());
    assertEquals(2, t.tokens().path("embedding").path("total").asInt());
  }

  @Test
  void searchWithASessionHasIntentAnalysisAndLlmTokens() throws Exception {
    String[] r = reply("search");
    ServerTiming t = ServerTiming.of(r[0], ServerTiming.telemetryOf(r[1]));
    assertEquals(java.util.Set.of("intent_analysis", "embed_query", "vector_retrieval"), t.stagesMs().keySet());
    assertEquals(317, t.tokens().path("llm").path("input").asInt());
  }

  @Test
  void sessionCallsHaveADurationButNoStages() throws Exception {
    for (String name : new String[] {"add_message", "commit"}) {
      String[] r = reply(name);
      ServerTiming t = ServerTiming.of(r[0], ServerTiming.telemetryOf(r[1]));
      assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
      assertEquals(true, t.telemetryMs() > 0, name);
      assertNull(t.stagesMs(), name);
    }
  }

  @Test
  void theTelemetryTreeIsTheOneReadTreeBuilds() throws Exception {
    // the fast path (the envelope's last member) must give Jackson's tree of the whole reply, node types included
    com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    for (String name : new String[] {"find", "search", "add_message", "commit"}) {
      String body = reply(name)[1];
      assertEquals(mapper.readTree(body).get("telemetry"), ServerTiming.telemetryOf(body), name);
    }
    String odd = "{\"result\":{},\"telemetry\":{\"a\":[1,2.5,\"x\",true,null,{}],\"big\":12345678901,"
        + "\"huge\":123456789012345678901234567890,\"neg\":-0.0}}";
    assertEquals(mapper.readTree(odd).get("telemetry"), ServerTiming.telemetryOf(odd));
  }

  @Test
  void withoutTelemetryOnlyServerTime() throws Exception {
    String[] r = reply("find-without-telemetry");
    ServerTiming t = ServerTiming.of(r[0], ServerTiming.telemetryOf(r[1]));
    assertEquals(Double.parseDouble(r[0]) * 1000, t.serverMs(), 1e-9);
    assertNull(t.telemetryMs());
    assertNull(ServerTiming.of(null, null).serverMs());
    assertNull(ServerTiming.of("garbage", null).serverMs());
    assertNull(ServerTiming.telemetryOf("not json"));
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
        "{\"result\":{}," + tail + ",\"note\":\"said \\\"telemetry\\\": {}\"}"}) {
      assertEquals(2.5, ServerTiming.of(null, ServerTiming.telemetryOf(body)).telemetryMs(), body);
    }
    // a "telemetry" nested in the result, or a key that only ends in it, is not the envelope's
    for (String body : new String[] {"{\"status\":\"ok\",\"result\":{" + tail + "}}",
        "{\"result\":{\"items\":[{" + tail + "}]}}", "{\"a\\\"telemetry\":{\"summary\":{\"duration_ms\":2.5}}}",
        "{\"result\":{},\"telemetry\":null}"}) {
      assertNull(ServerTiming.telemetryOf(body), body);
    }
  }
}
