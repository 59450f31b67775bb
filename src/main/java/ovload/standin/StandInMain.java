package ovload.standin;

import java.util.Locale;

/**
 * Runs the stand-in alone: {@code bin/standin --port 1935 --model-mode instant}, or
 * {@code mvn -q exec:java@standin -Dexec.args="--port 1935"}. Serves until killed, or, with
 * {@code --exit-with-stdin}, until its standard input closes: the suite starts it so, as a child
 * that cannot outlive it ({@link StandInProcess}). The API key may come from
 * {@code OPENVIKING_API_KEY} instead of {@code --api-key}, which any {@code ps} would show.
 */
public final class StandInMain {
  static final String LISTENING = "OpenViking stand-in listening on ";
  static final String API_KEY_ENV = "OPENVIKING_API_KEY";
  private static final String USAGE = "usage: standin [--port N] [--api-key K] [--auth-mode trusted|dev]"
      + " [--model-mode instant|realistic|slow] [--embed-delay-ms N] [--extract-delay-ms N] [--jitter F]"
      + " [--resource-workers N] [--commit-workers N] [--http-threads N] [--task-failure-rate F]"
      + " [--unavailable-rate F] [--seed N] [--max-body-bytes N] [--retrieval-delay-ms N] [--model-error-rate F]"
      + " [--fault-stuck-queue AddResource|SessionCommit] [--breaker-reset-ms N] [--exit-with-stdin true]; the key defaults to $" + API_KEY_ENV;

  private StandInMain() {}

  public static void main(String[] args) throws InterruptedException {
    StandInConfig config;
    boolean exitWithStdin = java.util.Arrays.asList(args).indexOf("--exit-with-stdin") >= 0;
    try {
      config = parse(args, System.getenv(API_KEY_ENV));
    } catch (IllegalArgumentException e) {
      System.err.println("standin: " + e.getMessage() + " (" + USAGE + ")");
      System.exit(2);
      return;
    }
    StandInServer server = StandInServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    if (exitWithStdin) {
      Thread watch = new Thread(StandInMain::exitAtEndOfInput, "standin-parent-watch");
      watch.setDaemon(true);
      watch.start();
    }
    System.out.println(LISTENING + server.baseUrl() + " (model mode "
        + config.modelMode().name().toLowerCase(Locale.ROOT) + ", auth " + config.authMode() + ")");
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The parent holds the other end of stdin: when it dies, even by SIGKILL, the pipe closes and so do we. */
  private static void exitAtEndOfInput() {
    try {
      while (System.in.read() >= 0) {
        // the parent sends nothing; reading only waits for the end
      }
    } catch (java.io.IOException e) {
      // a broken pipe is an end too
    }
    System.exit(0);
  }

  static StandInConfig parse(String[] args, String envApiKey) {
    StandInConfig c = StandInConfig.defaults();
    if (envApiKey != null && !envApiKey.isEmpty()) {
      c = c.withApiKey(envApiKey);
    }
    Long embed = null;
    Long extract = null;
    double jitter = c.jitter();
    int resourceWorkers = c.resourceWorkers();
    int commitWorkers = c.commitWorkers();
    double taskFailures = c.taskFailureRate();
    double unavailable = c.unavailableRate();
    int httpThreads = c.httpThreads();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help") || option.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option.startsWith("--") ? option + " needs a value" : "unknown argument " + option);
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--port" -> c = c.withPort(Integer.parseInt(value));
          case "--host" -> {
            if (!value.equals("127.0.0.1") && !value.equals("localhost")) {
              throw new IllegalArgumentException("the stand-in binds loopback only (127.0.0.1)");
            }
          }
          case "--api-key" -> c = c.withApiKey(value);
          case "--auth-mode" -> c = c.withAuthMode(value);
          case "--model-mode" -> c = c.withModelMode(ModelMode.valueOf(value.toUpperCase(Locale.ROOT)));
          case "--embed-delay-ms" -> embed = Long.parseLong(value);
          case "--extract-delay-ms" -> extract = Long.parseLong(value);
          case "--jitter" -> jitter = Double.parseDouble(value);
          case "--resource-workers" -> resourceWorkers = Integer.parseInt(value);
          case "--commit-workers" -> commitWorkers = Integer.parseInt(value);
          case "--http-threads" -> httpThreads = Integer.parseInt(value);
          case "--task-failure-rate" -> taskFailures = Double.parseDouble(value);
          case "--unavailable-rate" -> unavailable = Double.parseDouble(value);
          case "--seed" -> c = c.withSeed(Long.parseLong(value));
          case "--max-body-bytes" -> c = c.withMaxBodyBytes(Integer.parseInt(value));
          case "--retrieval-delay-ms" -> c = c.withRetrievalDelayMs(Long.parseLong(value));
          case "--model-error-rate" -> c = c.withModelErrorRate(Double.parseDouble(value));
          case "--fault-stuck-queue" -> c = c.withStuckQueue(value);
          case "--exit-with-stdin" -> {
            if (!value.equals("true")) {
              throw new IllegalArgumentException("--exit-with-stdin takes true");
            }
          }
          case "--breaker-reset-ms" -> c = c.withBreakerResetMillis(Long.parseLong(value));
          default -> throw new IllegalArgumentException("unknown option " + option);
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
      }
    }
    c = c.withDelays(embed, extract, jitter).withWorkers(resourceWorkers, commitWorkers).withFaults(taskFailures, unavailable);
    return new StandInConfig(c.port(), c.apiKey(), c.authMode(), c.modelMode(), c.embedDelayMs(), c.extractDelayMs(),
        c.jitter(), c.resourceWorkers(), c.commitWorkers(), httpThreads, c.taskFailureRate(), c.unavailableRate(),
        c.seed(), c.maxBodyBytes(), c.retrievalDelayMs(), c.modelErrorRate(), c.stuckQueue(), c.breakerResetMillis());
  }
}
