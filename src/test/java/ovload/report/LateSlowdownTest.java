package ovload.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.adapters.AdapterResult;
import ovload.adapters.CliSubprocessAdapter;
import ovload.adapters.ClientLibraryAdapter;
import ovload.adapters.ServerTimeRelay;
import ovload.client.ClientSettings;
import ovload.recording.RequestEvent;
import ovload.report.model.LatencyBreakdown;
import ovload.report.render.BreakdownSection;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;
import ovload.support.Json;

/**
 * A server that slows down late, after the {@code sdk} path ran: the adapters run one after another,
 * so the {@code cli-subprocess} path's mixed phase meets a server whose finds take
 * {@value #DELAY_MS} ms longer (the stand-in's retrieval delay). Through the relay the CLI's own cost
 * is observed minus that request's server time, so the slowdown lands on "not in any named stage"
 * and not on the CLI; without the relay the line names the figure for what it is, the difference from
 * the {@code sdk} path, which then carries the slowdown, and never "the CLI's own cost".
 */
class LateSlowdownTest {
  /** Large beside the noise of a process start on a busy machine (a few hundred ms at p95 of ten). */
  private static final long DELAY_MS = 1000;
  private static final int CALLS = 10;
  @TempDir Path dir;
  private final ExecutorService readers = Executors.newCachedThreadPool();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
    readers.shutdownNow();
  }

  private StandInServer server(long retrievalDelayMs) {
    StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withRetrievalDelayMs(retrievalDelayMs));
    open.add(server);
    return server;
  }

  /** An {@code ov} for one server: curl, which honours {@code http_proxy} as OpenViking's {@code ov} does. */
  private CliSubprocessAdapter ov(StandInServer server, boolean relayed) throws Exception {
    Path ov = dir.resolve("ov-" + server.port());
    Files.writeString(ov, "#!/bin/sh\n"
        + "body=$(curl -s -X POST -H 'Content-Type: application/json' -H 'X-API-Key: test-root-api-key'"
        + " -H 'X-OpenViking-Account: default' -H 'X-OpenViking-User: default'"
        + " -d \"{\\\"query\\\":\\\"$5\\\",\\\"target_uri\\\":\\\"$7\\\",\\\"limit\\\":$9}\" " + server.baseUrl() + "/api/v1/search/find)\n"
        + "printf '{\"ok\":true,\"result\":%s}\\n' \"$body\"\n");
    ov.toFile().setExecutable(true);
    ServerTimeRelay relay = relayed ? ServerTimeRelay.start(server.baseUrl(), false) : null;
    if (relay != null) {
      open.add(relay);
    }
    return new CliSubprocessAdapter(ov.toString(), dir.resolve("c"), dir, 30, readers, relay);
  }

  private static void calls(List<RequestEvent> events, String adapter, String phase, Supplier<AdapterResult> call) {
    for (int i = 0; i < CALLS; i++) {
      long start = System.nanoTime();
      AdapterResult r = call.get();
      double ms = (System.nanoTime() - start) / 1e6;
      assertTrue(r.success(), String.valueOf(r));
      events.add(new RequestEvent(adapter, phase, "find", "", "", 0, ms, true, 0, null, null, null, null, null, i, null)
          .withServerTiming(r.timing()));
    }
  }

  /** The cli-subprocess find line of a run: sdk on the fast server, then cli-subprocess alone on it and mixed on the slow one. */
  private String line(boolean relayed) throws Exception {
    StandInServer fast = server(0);
    StandInServer slow = server(DELAY_MS);
    ClientLibraryAdapter sdk = new ClientLibraryAdapter(new ClientSettings(fast.baseUrl(), "test-root-api-key", "default",
        "default", Duration.ofSeconds(30), Map.of()), false);
    open.add(sdk);
    List<RequestEvent> events = new ArrayList<>();
    calls(events, "sdk", "retrieval", () -> sdk.find("q", "viking://resources", 3));
    calls(events, "sdk", "mixed", () -> sdk.find("q", "viking://resources", 3));
    CliSubprocessAdapter before = ov(fast, relayed);
    CliSubprocessAdapter after = ov(slow, relayed);
    calls(events, "cli-subprocess", "retrieval", () -> before.find("q", "viking://resources", 3));
    calls(events, "cli-subprocess", "mixed", () -> after.find("q", "viking://resources", 3));
    Path run = Files.createDirectories(dir.resolve(relayed ? "relayed" : "plain"));
    List<String> lines = new ArrayList<>();
    for (RequestEvent e : events) {
      lines.add(Json.MAPPER.writeValueAsString(e));
    }
    Files.write(run.resolve("request_events.jsonl"), lines);
    return BreakdownSection.shiftLine(LatencyBreakdown.read(run), "cli-subprocess", "find");
  }

  /** The signed figure that follows {@code after} in the line. */
  private static double figure(String line, String after) {
    Matcher m = Pattern.compile(Pattern.quote(after) + " ([+-]?\\d+\\.\\d+)").matcher(line);
    assertTrue(m.find(), "'" + after + "' in " + line);
    return Double.parseDouble(m.group(1));
  }

  /** Must not fire: through the relay the late slowdown is the server's, and the CLI's cost stays its own. */
  @Test
  void throughTheRelayTheCliIsNotChargedWithALateSlowdown() throws Exception {
    String line = line(true);
    double whole = figure(line, "find p95");
    double cli = figure(line, "the CLI's own cost (observed minus server time)");
    double server = figure(line, "not in any named stage:");
    assertTrue(whole > DELAY_MS * 0.6, line);
    assertTrue(cli < DELAY_MS * 0.4, "the CLI is charged with the server's slowdown: " + line);
    assertTrue(server > DELAY_MS * 0.8, "the slowdown is the server's: " + line);
  }

  /** Must fire: without a server time the slowdown shows in the difference from the sdk path, named as such. */
  @Test
  void withoutAServerTimeTheFigureIsTheDifferenceFromTheSdkPath() throws Exception {
    String line = line(false);
    assertFalse(line.contains("CLI's own cost"), line);
    double difference = figure(line, "difference from the `sdk` path at the same percentile");
    assertTrue(difference > DELAY_MS * 0.6, line);
    assertTrue(line.contains("; not in any named part: "), line);
  }
}
