package ovload.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.Locale;
import java.util.concurrent.Callable;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;
import ovload.standin.WarmUp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovload standin}: the embedded OpenViking stand-in served alone ({@code bin/standin --port 1935
 * --model-mode instant}) until killed, or, with {@code --exit-with-stdin true}, until its standard input
 * closes: the suite starts it so, as a child that cannot outlive it. The API key may come from
 * {@code OPENVIKING_API_KEY} instead of {@code --api-key}, which any {@code ps} would show.
 */
@Command(name = "standin", description = "Serves the OpenViking stand-in on 127.0.0.1 until killed.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:standard input ended (--exit-with-stdin true)", "1:the server could not start",
        "2:a bad option"})
public final class StandInCommand implements Callable<Integer> {
  private static final StandInConfig DEFAULTS = StandInConfig.defaults();

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1, 0 = any free one (default: ${DEFAULT-VALUE}).")
  int port = DEFAULTS.port();

  @Option(names = "--host", paramLabel = "HOST", description = "127.0.0.1 or localhost: the stand-in binds loopback only.")
  String host = "127.0.0.1";

  @Option(names = "--api-key", paramLabel = "K", description = "The root API key (default: $" + StandInServer.API_KEY_ENV
      + ", else the suite's test key); the variable keeps it off the command line.")
  String apiKey;

  @Option(names = "--auth-mode", paramLabel = "trusted|dev", description = "Key and identity headers checked, or not (default: ${DEFAULT-VALUE}).")
  String authMode = DEFAULTS.authMode();

  @Option(names = "--model-mode", paramLabel = "instant|realistic|slow",
      description = "How long the model's work takes (default: realistic).")
  ModelMode modelMode = DEFAULTS.modelMode();

  @Option(names = "--embed-delay-ms", paramLabel = "N", description = "Embedding delay per chunk (default: the model mode's).")
  Long embedDelayMs = DEFAULTS.embedDelayMs();

  @Option(names = "--extract-delay-ms", paramLabel = "N", description = "Memory extraction delay per commit (default: the model mode's).")
  Long extractDelayMs = DEFAULTS.extractDelayMs();

  @Option(names = "--jitter", paramLabel = "F", description = "Relative spread of every model delay (default: ${DEFAULT-VALUE}).")
  double jitter = DEFAULTS.jitter();

  @Option(names = "--resource-workers", paramLabel = "N", description = "Workers of the resource queue (default: ${DEFAULT-VALUE}).")
  int resourceWorkers = DEFAULTS.resourceWorkers();

  @Option(names = "--commit-workers", paramLabel = "N", description = "Workers of the commit queue (default: ${DEFAULT-VALUE}).")
  int commitWorkers = DEFAULTS.commitWorkers();

  @Option(names = "--http-threads", paramLabel = "N", description = "HTTP threads (default: ${DEFAULT-VALUE}).")
  int httpThreads = DEFAULTS.httpThreads();

  @Option(names = "--task-failure-rate", paramLabel = "F", description = "Share of tasks that fail (default: ${DEFAULT-VALUE}).")
  double taskFailureRate = DEFAULTS.taskFailureRate();

  @Option(names = "--unavailable-rate", paramLabel = "F", description = "Share of requests answered 503 (default: ${DEFAULT-VALUE}).")
  double unavailableRate = DEFAULTS.unavailableRate();

  @Option(names = "--seed", paramLabel = "N", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  @Option(names = "--max-body-bytes", paramLabel = "N", description = "Largest request body (default: ${DEFAULT-VALUE}).")
  int maxBodyBytes = DEFAULTS.maxBodyBytes();

  @Option(names = "--retrieval-delay-ms", paramLabel = "N", description = "Extra time of every retrieval (default: ${DEFAULT-VALUE}).")
  long retrievalDelayMs = DEFAULTS.retrievalDelayMs();

  @Option(names = "--model-error-rate", paramLabel = "F", description = "Share of model calls that fail (default: ${DEFAULT-VALUE}).")
  double modelErrorRate = DEFAULTS.modelErrorRate();

  @Option(names = "--fault-stuck-queue", paramLabel = "AddResource|SessionCommit", description = "A queue that never finishes its work.")
  String stuckQueue = DEFAULTS.stuckQueue();

  @Option(names = "--breaker-reset-ms", paramLabel = "N",
      description = "How long the embedding circuit breaker stays open (default: ${DEFAULT-VALUE}).")
  long breakerResetMillis = DEFAULTS.breakerResetMillis();

  @Option(names = "--warm-up", paramLabel = "true", arity = "1",
      description = "Before serving, exercise the routes until their latency settles (the suite's child does).")
  boolean warmUp;

  @Option(names = "--exit-with-stdin", paramLabel = "true", arity = "1",
      description = "Stop when standard input closes: the suite's child, which must not outlive it.")
  boolean exitWithStdin;

  @Option(names = "--api-key-stdin", paramLabel = "true", arity = "1",
      description = "Read the root API key as the first line of standard input: the suite's child, whose environment holds no key.")
  boolean apiKeyStdin;

  public static void main(String[] args) {
    Ovload.main(StandInCommand.class, args);
  }

  @Override
  public Integer call() throws Exception {
    StandInConfig config = config();
    StandInServer server;
    try {
      server = StandInServer.start(config);
    } catch (Exception e) { // Netty's bind throws BindException without declaring it
      if (!(e instanceof BindException)) {
        throw e;
      }
      spec.commandLine().getErr().println("ovload standin: port " + port + " is taken: choose another --port (0 = any free one)");
      return Ovload.FAILED;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    if (warmUp) { // before the listening line: whoever waits for it measures a warm server
      try {
        spec.commandLine().getErr().println("ovload standin: " + WarmUp.run(server));
      } catch (RuntimeException e) { // a warm-up that fails leaves a server that still serves
        spec.commandLine().getErr().println("ovload standin: warm-up stopped (" + e + "); serving cold");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(StandInServer.LISTENING + server.baseUrl() + " (model mode "
        + modelMode.name().toLowerCase(Locale.ROOT) + ", auth " + authMode + ")");
    out.flush();
    if (exitWithStdin) {
      awaitEndOfInput();
      return Ovload.OK;
    }
    Thread.currentThread().join();
    return Ovload.OK;
  }

  private StandInConfig config() {
    if (!host.equals("127.0.0.1") && !host.equals("localhost")) {
      throw Ovload.badInput(spec, "the stand-in binds loopback only (127.0.0.1)");
    }
    String envKey = System.getenv(StandInServer.API_KEY_ENV);
    String key = apiKeyStdin ? firstLineOfInput() : apiKey != null ? apiKey
        : envKey != null && !envKey.isEmpty() ? envKey : DEFAULTS.apiKey();
    try {
      return new StandInConfig(port, key, authMode, modelMode, embedDelayMs, extractDelayMs, jitter, resourceWorkers,
          commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs,
          modelErrorRate, stuckQueue, breakerResetMillis);
    } catch (IllegalArgumentException e) {
      throw Ovload.badInput(spec, e.getMessage());
    }
  }

  /** One line, read byte by byte: nothing past it is taken from the stream {@link #awaitEndOfInput} watches. */
  private String firstLineOfInput() {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    try {
      for (int b; (b = System.in.read()) >= 0 && b != '\n'; ) {
        line.write(b);
      }
    } catch (IOException e) {
      throw Ovload.badInput(spec, "--api-key-stdin: the key could not be read from standard input: " + e.getMessage());
    }
    return line.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The parent holds the other end of stdin: when it dies, even by SIGKILL, the pipe closes and so do we. */
  private static void awaitEndOfInput() {
    try {
      while (System.in.read() >= 0) {
        // the parent sends nothing; reading only waits for the end
      }
    } catch (IOException e) {
      // a broken pipe is an end too
    }
  }
}
