package ovload.support;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * The JDK HTTP server as the mock model provider uses it: bound to loopback only,
 * replies without Nagle's delay, and a dispatcher that never keeps the JVM alive.
 */
public final class LoopbackHttpServer {
  static {
    // without it the JDK server's separate header and body writes meet delayed ACKs: +40 ms a request
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private LoopbackHttpServer() {}

  /** Serves {@code handler} on 127.0.0.1:{@code port} (0: a free port) with {@code executor}, started. */
  public static HttpServer start(int port, Executor executor, HttpHandler handler, String name) {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
    http.setExecutor(executor);
    http.createContext("/", handler);
    // the dispatcher thread inherits the starter's daemon flag
    Thread starter = new Thread(http::start, name + "-start");
    starter.setDaemon(true);
    starter.start();
    try {
      starter.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return http;
  }
}
