package ovload.mockmodel;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * Runs the mock model provider alone: {@code bin/mockmodel --port 1940 --latency-ms 200}, or
 * {@code mvn -q exec:java@mockmodel -Dexec.args="--port 1940"}. Serves until killed.
 */
public final class MockModelMain {
  private MockModelMain() {}

  public static void main(String[] args) throws InterruptedException {
    if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
      System.out.println(MockModelConfig.USAGE);
      return;
    }
    MockModelServer server;
    try {
      server = MockModelServer.start(MockModelConfig.parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("mockmodel: " + e.getMessage());
      System.exit(2);
      return;
    } catch (UncheckedIOException e) {
      System.err.println("mockmodel: " + e.getMessage() + ": choose another --port (0 = any free one)");
      System.exit(2);
      return;
    }
    System.out.println("mock model provider listening on " + server.baseUrl());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
  }
}
