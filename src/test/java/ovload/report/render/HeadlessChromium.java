package ovload.report.render;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's headless Chromium driven over the DevTools protocol (the JDK's WebSocket client), so a
 * test can load a page, ask its DOM what a reader would see, list every request the page made and
 * take a full-page screenshot. One browser, one page, a fresh profile, every background service off.
 */
final class HeadlessChromium implements AutoCloseable {
  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
      "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--hide-scrollbars", "--remote-debugging-port=0");
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Generous: the machine is shared and Chromium starts slowly on it. */
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final String session;

  private HeadlessChromium(Process process, WebSocket socket, Listener listener) throws Exception {
    this.process = process;
    this.socket = socket;
    listener.owner = this;
    String target = call(null, "Target.createTarget", Map.of("url", "about:blank")).path("targetId").asText();
    this.session = call(null, "Target.attachToTarget", Map.of("targetId", target, "flatten", true)).path("sessionId").asText();
    call(session, "Page.enable", Map.of());
    call(session, "Network.enable", Map.of());
    call(session, "Emulation.setDeviceMetricsOverride", Map.of("width", 1280, "height", 900, "deviceScaleFactor", 1,
        "mobile", false));
  }

  /** Set (to 1) by .ci/run, which installs Chromium: there a missing browser fails the test instead of skipping it. */
  static final String REQUIRED_VARIABLE = "OVLOAD_REQUIRE_CHROMIUM";
  static final String MISSING = "headless Chromium is missing: install it with `apt-get update && apt-get install -y chromium`"
      + " (Debian) to run the summary.html browser test";

  /** The browser on the PATH; without one, a failed test where it is required, else a skipped one saying how to install it. */
  static Path executable() {
    return locate(System.getenv().getOrDefault("PATH", ""), "1".equals(System.getenv(REQUIRED_VARIABLE)));
  }

  static Path locate(String searchPath, boolean required) {
    for (String dir : searchPath.split(File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    if (required) {
      return fail(MISSING + " (" + REQUIRED_VARIABLE + "=1: this build requires it)");
    }
    System.err.println("SKIPPED: " + MISSING);
    Assumptions.abort(MISSING);
    throw new AssertionError("unreachable: Assumptions.abort throws");
  }

  /** Starts Chromium with a new empty profile under {@code work}. */
  static HeadlessChromium start(Path work) throws Exception {
    Path profile = Files.createDirectories(work.resolve("chromium-profile"));
    List<String> command = new ArrayList<>(List.of(executable().toString()));
    command.addAll(FLAGS);
    command.add("--user-data-dir=" + profile);
    command.add("about:blank");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(work.resolve("chromium.log").toFile()).start();
    try {
      Path portFile = profile.resolve("DevToolsActivePort");
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
        if (!process.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("Chromium did not open its DevTools port: " + Files.readString(work.resolve("chromium.log")));
        }
        Thread.sleep(100);
      }
      List<String> port = Files.readAllLines(portFile);
      Listener listener = new Listener();
      WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(URI.create("ws://127.0.0.1:" + port.get(0).strip() + port.get(1).strip()), listener)
          .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return new HeadlessChromium(process, socket, listener);
    } catch (Exception | Error e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** Loads the file and waits for its load event (all images decoded or failed). */
  void open(Path file) throws Exception {
    int before = events.size();
    call(session, "Page.navigate", Map.of("url", file.toUri().toString()));
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (events.subList(before, events.size()).stream().noneMatch(e -> e.path("method").asText().equals("Page.loadEventFired"))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the page did not finish loading: " + file);
      }
      Thread.sleep(50);
    }
  }

  /** The value of a JavaScript expression evaluated in the page (returned by value). */
  JsonNode evaluate(String expression) throws Exception {
    JsonNode result = call(session, "Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("evaluation failed: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  /** Every URL the page asked for, from the DevTools network events. */
  List<String> requestedUrls() {
    return events.stream().filter(e -> e.path("method").asText().equals("Network.requestWillBeSent"))
        .map(e -> e.path("params").path("request").path("url").asText()).toList();
  }

  /** A PNG of the whole page, not only the viewport. */
  void screenshot(Path png) throws Exception {
    JsonNode size = call(session, "Page.getLayoutMetrics", Map.of()).path("cssContentSize");
    JsonNode shot = call(session, "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
        "clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(), "height", size.path("height").asDouble(), "scale", 1)));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(shot.path("data").asText()));
  }

  private JsonNode call(String sessionId, String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    if (sessionId != null) {
      message.put("sessionId", sessionId);
    }
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    pending.put(id, reply);
    synchronized (socket) {
      socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    JsonNode answer = reply.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private void received(String text) throws Exception {
    JsonNode message = JSON.readTree(text);
    if (message.has("id")) {
      CompletableFuture<JsonNode> reply = pending.remove(message.get("id").asInt());
      if (reply != null) {
        reply.complete(message);
      }
    } else {
      events.add(message);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Joins a message's fragments (a screenshot arrives in many) before handing it on. */
  private static final class Listener implements WebSocket.Listener {
    private final StringBuilder buffer = new StringBuilder();
    private volatile HeadlessChromium owner;

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      buffer.append(data);
      if (last) {
        try {
          owner.received(buffer.toString());
        } catch (Exception e) {
          throw new IllegalStateException("unreadable DevTools message", e);
        } finally {
          buffer.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
