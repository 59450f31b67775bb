package ovload.adapters;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import ovload.client.ClientSettings;
import ovload.provision.OvHome;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;
import ovload.stats.LatencyList;

/**
 * What the relay costs, and what an {@code ov} call costs beyond the server's own time with and
 * without it. A benchmark, not a test: its figures depend on the machine and are stated in
 * {@code docs/measuring.md}. Run from the project directory after {@code mvn -q test-compile}:
 * {@code mvn -q -o exec:java -Dexec.classpathScope=test -Dexec.mainClass=ovload.adapters.ServerTimeRelayBenchmark
 * [-Druns=200] [-Dov=/path/to/ov] [-DovRuns=40] [-Dconcurrency=1] [-DserverUrl=http://127.0.0.1:1933]} (the key from {@code OPENVIKING_API_KEY},
 * else {@code test-root-api-key}; without a URL an embedded stand-in answers).
 *
 * <ol>
 *   <li>The relay alone: one {@code find} exchange written on a socket, to the server directly and
 *       through the relay, alternately, on a kept connection and on a new connection each time (as each
 *       {@code ov} process opens one): the median round trips and their difference.
 *   <li>With {@code -Dov}: {@code ov find} as the cli-subprocess adapter runs it, directly and through
 *       the relay, alternately. A direct call's own cost is its wall time minus the server's time for
 *       the same request sent right after it by the Java client (the process cannot show its headers);
 *       a relayed call's is its wall time minus the server time the relay read, as the report takes it.
 *       {@code -Dconcurrency} workers do this at once (a run's phases start one {@code ov} per worker),
 *       so that both figures meet the same contention for the machine.
 * </ol>
 */
public final class ServerTimeRelayBenchmark {
  private static final String KEY = System.getenv().getOrDefault("OPENVIKING_API_KEY", "test-root-api-key");
  private static final String BODY = "{\"query\":\"relay benchmark\",\"target_uri\":\"viking://resources\",\"limit\":3}";

  public static void main(String[] args) throws Exception {
    int runs = Integer.getInteger("runs", 200);
    String given = System.getProperty("serverUrl");
    StandInServer standIn = given == null
        ? StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)) : null;
    String url = given != null ? given : standIn.baseUrl();
    ExecutorService readers = Executors.newCachedThreadPool();
    try (ServerTimeRelay relay = ServerTimeRelay.start(url, false)) {
      URI server = URI.create(url);
      System.out.printf("server %s; %d runs each, alternating, after 5 unrecorded ones; ms%n", url, runs);
      exchanges(server, relay, runs, true);
      exchanges(server, relay, runs, false);
      String ov = System.getProperty("ov");
      if (ov != null) {
        processes(url, ov, relay, Math.min(runs, Integer.getInteger("ovRuns", 40)), readers);
      }
    } finally {
      readers.shutdownNow();
      if (standIn != null) {
        standIn.close();
      }
    }
  }

  /** Round trips of one find on a socket, directly and through the relay. */
  private static void exchanges(URI server, ServerTimeRelay relay, int runs, boolean kept) throws Exception {
    String origin = server.getHost() + ":" + server.getPort();
    String direct = request("/api/v1/search/find", origin, null);
    ServerTimeRelay.Call call = relay.open();
    String relayed = request("http://" + origin + "/api/v1/search/find", origin,
        Base64.getEncoder().encodeToString((call.proxyUrl().substring(7, call.proxyUrl().indexOf('@'))).getBytes(StandardCharsets.UTF_8)));
    LatencyList plain = new LatencyList();
    LatencyList through = new LatencyList();
    Socket[] sockets = {null, null};
    for (int i = -5; i < runs; i++) {
      double a = roundTrip(sockets, 0, server.getHost(), server.getPort(), direct, kept);
      double b = roundTrip(sockets, 1, "127.0.0.1", relay.port(), relayed, kept);
      if (i >= 0) {
        plain.add(a);
        through.add(b);
      }
    }
    for (Socket s : sockets) {
      if (s != null) {
        s.close();
      }
    }
    call.close();
    System.out.printf("%-44s direct p50 %.3f  relayed p50 %.3f  relay's cost p50 %+.3f (p95 %.3f -> %.3f)%n",
        kept ? "find exchange, kept connection" : "find exchange, new connection each", plain.percentile(50),
        through.percentile(50), through.percentile(50) - plain.percentile(50), plain.percentile(95), through.percentile(95));
  }

  private static String request(String target, String host, String proxyUser) {
    return "POST " + target + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nX-API-Key: " + KEY
        + "\r\nX-OpenViking-Account: default\r\nX-OpenViking-User: default\r\n"
        + (proxyUser == null ? "" : "Proxy-Authorization: Basic " + proxyUser + "\r\n")
        + "Content-Length: " + BODY.length() + "\r\n\r\n" + BODY;
  }

  private static double roundTrip(Socket[] sockets, int i, String host, int port, String request, boolean kept) throws Exception {
    long start = System.nanoTime();
    if (sockets[i] == null || !kept) {
      if (sockets[i] != null) {
        sockets[i].close();
      }
      sockets[i] = new Socket(host, port);
      sockets[i].setTcpNoDelay(true);
    }
    OutputStream out = sockets[i].getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
    InputStream in = new BufferedInputStream(sockets[i].getInputStream());
    HttpHead reply = HttpHead.read(in);
    reply.readBody(in);
    return (System.nanoTime() - start) / 1e6;
  }

  /** {@code ov find} processes, directly and through the relay: wall time and own cost. */
  private static void processes(String url, String ov, ServerTimeRelay relay, int runs, ExecutorService readers) throws Exception {
    Path work = Files.createTempDirectory("relay-bench");
    Path config = CliConfigFile.write(work.resolve("ovcli.conf"), url, KEY, "default", "default", 60);
    Path home = OvHome.prepare(work.resolve("home"));
    CliSubprocessAdapter direct = new CliSubprocessAdapter(ov, config, home, 60, readers);
    CliSubprocessAdapter relayed = new CliSubprocessAdapter(ov, config, home, 60, readers, relay);
    try (ClientLibraryAdapter java = new ClientLibraryAdapter(new ClientSettings(url, KEY, "default", "default",
        Duration.ofSeconds(60), Map.of()), false)) {
      LatencyList directWall = new LatencyList();
      LatencyList directServer = new LatencyList();
      LatencyList directCost = new LatencyList();
      LatencyList relayedWall = new LatencyList();
      LatencyList relayedCost = new LatencyList();
      List<String> failures = Collections.synchronizedList(new ArrayList<>());
      int concurrency = Integer.getInteger("concurrency", 1);
      ExecutorService workers = Executors.newFixedThreadPool(concurrency);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < concurrency; w++) {
        done.add(workers.submit(() -> {
          for (int i = -5; i < runs; i++) {
            long start = System.nanoTime();
            AdapterResult d = direct.find("relay benchmark", "viking://resources", 3);
            double dWall = (System.nanoTime() - start) / 1e6;
            AdapterResult same = java.find("relay benchmark", "viking://resources", 3);
            start = System.nanoTime();
            AdapterResult r = relayed.find("relay benchmark", "viking://resources", 3);
            double rWall = (System.nanoTime() - start) / 1e6;
            if (!d.success() || !r.success() || same.timing() == null || r.timing() == null) {
              failures.add(d + " / " + r);
            } else if (i >= 0) {
              synchronized (directWall) {
                directWall.add(dWall);
                directServer.add(same.timing().serverMs());
                directCost.add(dWall - same.timing().serverMs());
                relayedWall.add(rWall);
                relayedCost.add(rWall - r.timing().serverMs());
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      workers.shutdown();
      System.out.printf("concurrency %d%n", concurrency);
      System.out.printf("ov find, %d processes each (%s)%n", directWall.size(), ov);
      System.out.printf("  direct:  wall p50 %.1f p95 %.1f; server time of the same request p50 %.1f; own cost p50 %.1f p95 %.1f%n",
          directWall.percentile(50), directWall.percentile(95), directServer.percentile(50), directCost.percentile(50),
          directCost.percentile(95));
      System.out.printf("  relayed: wall p50 %.1f p95 %.1f; own cost (wall - relay's server time) p50 %.1f p95 %.1f%n",
          relayedWall.percentile(50), relayedWall.percentile(95), relayedCost.percentile(50), relayedCost.percentile(95));
      System.out.printf("  relayed own cost - direct own cost, p50: %+.1f ms%n", relayedCost.percentile(50) - directCost.percentile(50));
      if (!failures.isEmpty()) {
        System.out.println("  failed calls: " + failures.size() + ", first: " + failures.get(0));
      }
    }
  }
}
