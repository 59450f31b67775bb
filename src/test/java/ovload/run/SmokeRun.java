package ovload.run;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The smoke profile with all three adapters against the embedded stand-in, phases shortened, run
 * as {@code mvn gatling:test} runs it, once per test JVM for every class that reads its folder
 * ({@link SmokeRunTest}, {@link BreakdownRunTest}): one forked run instead of one per class.
 *
 * @param work the run's working folder (its run folder, data and Gatling results under it)
 * @param outbound what reached the proxy that stands in for the internet (Gatling's analytics and
 *     version check would), one request line per connection
 */
record SmokeRun(Path work, GatlingFork.Result result, List<String> outbound) {
  static final List<String> ADAPTERS = List.of("sdk", "cli-http", "cli-subprocess");
  static final int RESOURCES = 6;
  static final int SESSIONS = 6;
  static final int MESSAGES = 3;

  private static SmokeRun run;

  Path runDir() {
    return work.resolve("run");
  }

  /** The run, made by the first class that asks for it. */
  static synchronized SmokeRun get() throws Exception {
    if (run == null) {
      run = start();
    }
    return run;
  }

  private static SmokeRun start() throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("smoke-" + System.nanoTime()).toAbsolutePath();
    List<String> outbound = Collections.synchronizedList(new ArrayList<>());
    ServerSocket proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread proxyThread = new Thread(() -> {
      while (!proxy.isClosed()) {
        try (Socket client = proxy.accept()) {
          client.setSoTimeout(2000);
          byte[] head = new byte[200];
          int n = client.getInputStream().read(head);
          outbound.add(n > 0 ? new String(head, 0, n, StandardCharsets.ISO_8859_1).lines().findFirst().orElse("") : "");
        } catch (IOException e) {
          return;
        }
      }
    });
    proxyThread.setDaemon(true);
    proxyThread.start();
    Map<String, String> options = GatlingFork.shortSmoke(work, String.join(",", ADAPTERS), 2);
    options.put("ovBin", Path.of("bin/ov").toAbsolutePath().toString());
    options.put("https.proxyHost", "127.0.0.1");
    options.put("https.proxyPort", Integer.toString(proxy.getLocalPort()));
    options.put("http.proxyHost", "127.0.0.1");
    options.put("http.proxyPort", Integer.toString(proxy.getLocalPort()));
    try {
      return new SmokeRun(work, GatlingFork.run(work, work.resolve("gatling"), options, 400), outbound);
    } finally {
      proxy.close();
    }
  }
}
