package ovload.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import ovload.serverside.profile.JfrProfiler;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;
import ovload.support.ChildEnvironment;
import ovload.tools.StandInCommand;

/**
 * The stand-in in a JVM of its own, a child of the load generator: its own heap and GC, so neither
 * one's pauses land in the other's numbers, and a process id for the {@code /proc} sampler. The
 * child exits when its standard input closes, which happens when this JVM exits in any way,
 * SIGKILL included; {@link #close()} stops it sooner. The API key travels as the first line of
 * that input, never on its command line or in its environment (which {@link ChildEnvironment} scrubs).
 */
public final class StandInProcess implements AutoCloseable {
  private final Process process;
  private final OutputStream parentEnd;
  private final String baseUrl;
  private final double startSeconds;

  private StandInProcess(Process process, String baseUrl, double startSeconds) {
    this.process = process;
    this.parentEnd = process.getOutputStream();
    this.baseUrl = baseUrl;
    this.startSeconds = startSeconds;
  }

  /**
   * Starts the child on a free loopback port and waits for its "listening" line.
   *
   * @param warmUp the child warms up before it listens (a warm server before the first measured request)
   * @param profiled whether its JVM records stack samples from its launch ({@link JfrProfiler}), so
   *     that no profiler starts while it serves a timed phase
   * @throws IllegalStateException with one line saying why, when it does not come up in time
   */
  public static StandInProcess start(StandInConfig config, boolean warmUp, boolean profiled, long timeoutSeconds) {
    long started = System.nanoTime();
    Process process;
    Path jfrSettings = null;
    try {
      List<String> command = command(config, warmUp);
      if (profiled) {
        jfrSettings = Files.createTempFile("ovload-stack-samples", ".jfc");
        command.add(1, JfrProfiler.launchOption(jfrSettings));
      }
      process = ChildEnvironment.clean(new ProcessBuilder(command)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      process.getOutputStream().write((config.apiKey() + "\n").getBytes(StandardCharsets.UTF_8));
      process.getOutputStream().flush();
    } catch (IOException e) {
      deleteQuietly(jfrSettings);
      throw new IllegalStateException("the embedded stand-in could not be started: " + e.getMessage());
    }
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> listening = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(StandInServer.LISTENING)) {
            return line.substring(StandInServer.LISTENING.length()).split(" ")[0];
          }
        }
        return null;
      } catch (IOException e) {
        return null;
      }
    });
    String url;
    try {
      url = listening.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      url = null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      url = null;
    }
    deleteQuietly(jfrSettings); // the JVM read it as it launched
    if (url == null) {
      boolean exited = !process.isAlive();
      process.destroyForcibly();
      throw new IllegalStateException("the embedded stand-in did not come up within " + timeoutSeconds + " s ("
          + (exited ? "it exited with " + process.exitValue() + "; its error is above" : "no listening line")
          + "): check `bin/standin --port 0`, or pass -DstandinInProcess=true");
    }
    drain(out);
    return new StandInProcess(process, url, (System.nanoTime() - started) / 1e9);
  }

  /** The same java and class path as this JVM, so the child runs the classes under test. */
  static List<String> command(StandInConfig config, boolean warmUp) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", // as bin/standin: a small server's collector
        "-cp", System.getProperty("java.class.path"),
        StandInCommand.class.getName(),
        "--port", Integer.toString(config.port()),
        "--model-mode", config.modelMode().name().toLowerCase(Locale.ROOT),
        "--seed", Long.toString(config.seed()),
        "--retrieval-delay-ms", Long.toString(config.retrievalDelayMs()),
        "--warm-up", Boolean.toString(warmUp),
        "--exit-with-stdin", "true",
        "--api-key-stdin", "true"));
    if (config.stuckQueue() != null) {
      command.addAll(List.of("--fault-stuck-queue", config.stuckQueue()));
    }
    String logback = System.getProperty("logback.configurationFile");
    if (logback != null) {
      command.add(1, "-Dlogback.configurationFile=" + logback);
    }
    return command;
  }

  private static void deleteQuietly(Path file) {
    try {
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a temporary file the system cleans up in time
    }
  }

  /** The child's later output (there is little) must not fill the pipe and block it. */
  private static void drain(BufferedReader out) {
    Thread drain = new Thread(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          System.out.println("standin: " + line);
        }
      } catch (IOException e) {
        // the child is gone
      }
    }, "standin-output");
    drain.setDaemon(true);
    drain.start();
  }

  public String baseUrl() {
    return baseUrl;
  }

  public long pid() {
    return process.pid();
  }

  /** Seconds from the start to the child's listening line. */
  public double startSeconds() {
    return startSeconds;
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Closes the child's stdin (it exits), then signals it if it has not gone within 5 s. */
  @Override
  public void close() {
    try {
      parentEnd.close();
    } catch (IOException ignored) {
      // already closed: the child is going or gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
