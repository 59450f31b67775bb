package ovload.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import ovload.recording.ServerTiming;
import ovload.support.DaemonThreads;
import ovload.support.Json;

/**
 * A loopback HTTP forward proxy between each {@code ov} process and the server, so that the
 * cli-subprocess path knows the server's own time per request as the other paths do. OpenViking's
 * {@code ov} (reqwest) sends every request through {@code HTTP_PROXY}, in absolute form with the
 * proxy URL's user as {@code Proxy-Authorization}; each call gets a user of its own ({@link #open}),
 * so the relay knows whose exchange it forwards without reading the process table. Its config's
 * {@code url} stays the server's: to {@code ov} the relay is transparent.
 *
 * <p>It listens on 127.0.0.1 only and forwards only to the one server it was started for (anything
 * else is answered 403, an unknown user 407). Each exchange is forwarded as it streams, the
 * {@code X-Process-Time} of the reply recorded for its call before the reply's first byte goes back
 * (so it is there when the process exits). A client connection keeps one server connection for its
 * life (keep-alive on both sides); a server connection found closed before a new request is
 * replaced. {@code Proxy-Authorization} and {@code Proxy-Connection} are not forwarded. Its own cost
 * is measured by {@code ServerTimeRelayBenchmark} and stated in {@code docs/measuring.md}.
 *
 * <p>With telemetry on, it asks for it as the other paths do: the JSON body of find, search,
 * add_message and commit gets {@code "telemetry": true}, and their reply (framed by a length, as
 * OpenViking's are) is read whole before it is passed on, so that its telemetry is recorded too.
 */
public final class ServerTimeRelay implements Closeable {
  private static final String[] HOP_FIELDS = {"Proxy-Authorization", "Proxy-Connection"};
  /** The routes whose telemetry the other paths ask for (find, search, add_message, commit). */
  private static final Pattern TELEMETRY_ROUTES = Pattern.compile("/api/v1/(search/(find|search)|sessions/[^/?]+/(messages|commit))");
  /** A body larger than this is passed on as it streams, its telemetry unread (OpenViking's replies are far smaller). */
  private static final long MAX_READ_WHOLE = 4L << 20;

  private final ServerSocket listener;
  private final InetSocketAddress server;
  private final String authority;
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("ovload-relay"));
  private final Map<String, Call> calls = new ConcurrentHashMap<>();
  private final AtomicLong ids = new AtomicLong();
  private final boolean telemetry;
  /** Every open connection, closed with the relay: a read waiting on a hung server ends then. */
  private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

  private ServerTimeRelay(URI serverUrl, boolean telemetry) throws IOException {
    this.telemetry = telemetry;
    int port = serverUrl.getPort() < 0 ? 80 : serverUrl.getPort();
    this.server = new InetSocketAddress(serverUrl.getHost(), port);
    this.authority = serverUrl.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    this.listener = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /**
   * A relay to {@code serverUrl}, asking for telemetry when {@code telemetry}; null when that is no
   * {@code http://} URL (an {@code https} tunnel shows no headers).
   */
  public static ServerTimeRelay start(String serverUrl, boolean telemetry) throws IOException {
    URI uri = URI.create(serverUrl);
    if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      return null;
    }
    return new ServerTimeRelay(uri, telemetry);
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** A new call: its exchanges are those that name its user; {@link Call#close} gives their server time. */
  public Call open() {
    Call call = new Call("c" + ids.incrementAndGet(), this);
    calls.put(call.user, call);
    return call;
  }

  /** One {@code ov} process's exchanges: the server time of each reply, added up as {@link ServerTiming#after} does. */
  public static final class Call implements AutoCloseable {
    private final String user;
    private final ServerTimeRelay relay;
    private ServerTiming timing;

    private Call(String user, ServerTimeRelay relay) {
      this.user = user;
      this.relay = relay;
    }

    /** The {@code HTTP_PROXY} value for this call's process. */
    public String proxyUrl() {
      return "http://" + user + ":relay@127.0.0.1:" + relay.port();
    }

    private synchronized void replied(ServerTiming reply) {
      timing = reply.after(timing);
    }

    /** The server's time of every reply so far, or null when no reply told it. */
    public synchronized ServerTiming timing() {
      return timing == null || timing.serverMs() == null ? null : timing;
    }

    /** Stops attributing exchanges to this call; later ones are refused. */
    @Override
    public void close() {
      relay.calls.remove(user);
    }
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** One client connection: its requests in turn, each over the same server connection while both keep it alive. */
  private void serve(Socket client) {
    Upstream upstream = null;
    open.add(client);
    try (client) {
      client.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = new BufferedOutputStream(client.getOutputStream());
      for (HttpHead request = HttpHead.read(in); request != null; request = HttpHead.read(in)) {
        String[] start = request.startLine.split(" ", 3);
        Call call = start.length == 3 ? calls.get(user(request)) : null;
        String path = start.length == 3 ? originForm(start[1]) : null;
        if (call == null || path == null) {
          refuse(out, call == null ? "407 Proxy Authentication Required" : "403 Forbidden");
          return;
        }
        if (upstream == null || upstream.stale()) {
          close(upstream);
          upstream = new Upstream(server);
          open.add(upstream);
        }
        OutputStream toServer = upstream.out;
        InputStream fromServer = upstream.in;
        HttpHead forwarded = request.with(start[0] + " " + path + " " + start[2], HOP_FIELDS);
        boolean asks = telemetry && start[0].equals("POST") && TELEMETRY_ROUTES.matcher(path).matches()
            && !request.chunked() && request.length() <= MAX_READ_WHOLE;
        if (asks) {
          byte[] body = askTelemetry(request.readBody(in));
          forwarded.withField("Content-Length", Integer.toString(body.length)).write(toServer);
          toServer.write(body);
          toServer.flush();
        } else {
          forwarded.write(toServer);
          request.copyBody(in, toServer, false);
        }
        HttpHead reply = HttpHead.read(fromServer);
        while (reply != null && reply.startLine.matches("HTTP/1\\.\\d 1\\d\\d.*")) { // an interim reply: pass it on
          reply.write(out);
          out.flush();
          reply = HttpHead.read(fromServer);
        }
        if (reply == null) {
          return;
        }
        String[] status = reply.startLine.split(" ", 3);
        boolean bodiless = start[0].equals("HEAD") || status.length > 1 && (status[1].equals("204") || status[1].equals("304"));
        boolean keptOpen = true;
        if (asks && !bodiless && !reply.chunked() && reply.length() >= 0 && reply.length() <= MAX_READ_WHOLE
            && reply.value("Content-Encoding") == null) {
          byte[] body = reply.readBody(fromServer);
          call.replied(ServerTiming.ofReply(reply.value(ServerTiming.HEADER), new String(body, StandardCharsets.UTF_8)));
          reply.write(out);
          out.write(body);
        } else {
          call.replied(ServerTiming.of(reply.value(ServerTiming.HEADER), null));
          reply.write(out);
          keptOpen = bodiless || reply.copyBody(fromServer, out, true);
        }
        out.flush();
        if (!keptOpen || request.closes() || reply.closes()) {
          return;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the client or the server went away mid-exchange: the client sees its connection end, as without a relay
    } finally {
      close(upstream);
      open.remove(client);
    }
  }

  /** A JSON object body with {@code "telemetry": true} added (an empty body becomes that object); any other body as it was. */
  private static byte[] askTelemetry(byte[] body) {
    try {
      JsonNode tree = body.length == 0 ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(body);
      if (tree instanceof ObjectNode object && !object.has("telemetry")) {
        object.put("telemetry", true);
        return Json.MAPPER.writeValueAsBytes(object);
      }
    } catch (IOException e) {
      // not JSON: the server answers it as it would have
    }
    return body;
  }

  /** The Basic credentials' user of {@code Proxy-Authorization}; null when there is none. */
  private static String user(HttpHead request) {
    String value = request.value("Proxy-Authorization");
    if (value == null || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String pair = new String(Base64.getDecoder().decode(value.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = pair.indexOf(':');
      return colon < 0 ? pair : pair.substring(0, colon);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The request target as the server wants it (its path and query), or null when it names another server. */
  private String originForm(String target) {
    if (target.startsWith("/")) {
      return target;
    }
    try {
      URI uri = URI.create(target);
      int port = uri.getPort() < 0 ? 80 : uri.getPort();
      if (!"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
          || !authority.equals(uri.getHost().toLowerCase(Locale.ROOT) + ":" + port)) {
        return null;
      }
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A connection to the server with its buffered streams, kept across a client connection's requests. */
  private static final class Upstream implements Closeable {
    final Socket socket = new Socket();
    final InputStream in;
    final OutputStream out;

    Upstream(InetSocketAddress server) throws IOException {
      socket.connect(server);
      socket.setTcpNoDelay(true);
      in = new BufferedInputStream(socket.getInputStream());
      out = new BufferedOutputStream(socket.getOutputStream());
    }

    /** Whether the server closed it since its last reply: a read that ends at once (nothing else is due). */
    boolean stale() throws IOException {
      socket.setSoTimeout(1);
      try {
        return in.available() == 0 && in.read() < 0;
      } catch (SocketTimeoutException e) {
        return false;
      } finally {
        socket.setSoTimeout(0);
      }
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  private static void refuse(OutputStream out, String status) throws IOException {
    out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  private void close(Closeable resource) {
    if (resource != null) {
      open.remove(resource);
      try {
        resource.close();
      } catch (IOException e) {
        // nothing left to release
      }
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    open.forEach(this::close);
    threads.shutdownNow();
  }
}
