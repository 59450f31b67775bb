package ovload.standin;

import java.util.function.Consumer;
import ovload.standin.store.TaskBoard;

/**
 * The stand-in's settings (immutable). Delays left null take the model mode's values. Start from
 * {@link #defaults()} and change one setting at a time with its {@code with...} method, which
 * returns a checked copy.
 *
 * @param authMode {@code trusted} (the key must equal {@code apiKey}; account and user headers
 *     required, data per account and user) or {@code dev} (no key check, identity from headers)
 * @param jitter relative spread of every model delay, e.g. 0.3 = ±30 %
 * @param taskFailureRate share of background tasks that end {@code failed}
 * @param unavailableRate share of API requests answered 503 UNAVAILABLE
 * @param retrievalDelayMs extra time every find, search, grep and glob takes: a deliberately slow server
 * @param breakerResetMillis how long the embedding circuit breaker stays open after five model failures in
 *     a row (OpenViking 0.5.2: 60 s, doubling after a failed probe up to ten times that)
 * @param modelErrorRate share of model calls that fail, as a failing provider behind OpenViking 0.5.2:
 *     a find or search answers 503 UNAVAILABLE ("Upstream model service unavailable"), an
 *     add_resource or commit task ends failed
 * @param stuckQueue the observer's name of a queue that never finishes its work (see {@link
 *     #withStuckQueue}); null for none
 */
public record StandInConfig(
    int port,
    String apiKey,
    String authMode,
    ModelMode modelMode,
    Long embedDelayMs,
    Long extractDelayMs,
    double jitter,
    int resourceWorkers,
    int commitWorkers,
    int httpThreads,
    double taskFailureRate,
    double unavailableRate,
    long seed,
    int maxBodyBytes,
    long retrievalDelayMs,
    double modelErrorRate,
    String stuckQueue,
    long breakerResetMillis) {

  /** The observer's queues the stand-in works: a stuck-queue fault names one of them. */
  public static final java.util.List<String> QUEUES = java.util.List.of(TaskBoard.RESOURCE_QUEUE, TaskBoard.COMMIT_QUEUE);

  public static StandInConfig defaults() {
    return new StandInConfig(1935, "test-root-api-key", "trusted", ModelMode.REALISTIC, null, null, 0.3,
        4, 2, 32, 0.0, 0.0, 42, 10 * 1024 * 1024, 0, 0.0, null, 60_000);
  }

  public StandInConfig {
    if (!"trusted".equals(authMode) && !"dev".equals(authMode)) {
      throw new IllegalArgumentException("auth mode must be trusted or dev, got " + authMode);
    }
    if (port < 0 || port > 65535 || resourceWorkers < 1 || commitWorkers < 1 || httpThreads < 1) {
      throw new IllegalArgumentException("port 0-65535 and pool sizes >= 1 required");
    }
    if (taskFailureRate < 0 || taskFailureRate > 1 || unavailableRate < 0 || unavailableRate > 1 || jitter < 0
        || modelErrorRate < 0 || modelErrorRate > 1) {
      throw new IllegalArgumentException("rates must lie in [0, 1] and jitter >= 0");
    }
    if (stuckQueue != null && !QUEUES.contains(stuckQueue)) {
      throw new IllegalArgumentException("the stuck queue must be one of " + QUEUES + ", got '" + stuckQueue + "'");
    }
    if (breakerResetMillis <= 0) {
      throw new IllegalArgumentException("the breaker's reset time must be at least 1 ms, got " + breakerResetMillis);
    }
  }

  long embedMsPerChunk() {
    return embedDelayMs != null ? embedDelayMs : modelMode.embedMsPerChunk;
  }

  long extractMsPerCommit() {
    return extractDelayMs != null ? extractDelayMs : modelMode.extractMsPerCommit;
  }

  /** With {@code port}: the loopback port; 0 picks a free one. */
  public StandInConfig withPort(int value) {
    return copy(d -> d.port = value);
  }

  /** With {@code apiKey}: the root key a trusted-mode request must send. */
  public StandInConfig withApiKey(String value) {
    return copy(d -> d.apiKey = value);
  }

  /** With {@code authMode}: {@code trusted} or {@code dev}. */
  public StandInConfig withAuthMode(String value) {
    return copy(d -> d.authMode = value);
  }

  /** With {@code modelMode}: the model delays' preset. */
  public StandInConfig withModelMode(ModelMode value) {
    return copy(d -> d.modelMode = value);
  }

  /** With {@code embedDelayMs}: one embedding's delay; null for the model mode's. */
  public StandInConfig withEmbedDelayMs(Long value) {
    return copy(d -> d.embedDelayMs = value);
  }

  /** With {@code extractDelayMs}: one commit's memory-extraction delay; null for the model mode's. */
  public StandInConfig withExtractDelayMs(Long value) {
    return copy(d -> d.extractDelayMs = value);
  }

  /** With {@code jitter}: the relative spread of every model delay. */
  public StandInConfig withJitter(double value) {
    return copy(d -> d.jitter = value);
  }

  /** With {@code resourceWorkers}: the AddResource queue's workers (add_resource and rm's refresh). */
  public StandInConfig withResourceWorkers(int value) {
    return copy(d -> d.resourceWorkers = value);
  }

  /** With {@code commitWorkers}: the SessionCommit queue's workers. */
  public StandInConfig withCommitWorkers(int value) {
    return copy(d -> d.commitWorkers = value);
  }

  /** With {@code httpThreads}: the threads that run the handlers. */
  public StandInConfig withHttpThreads(int value) {
    return copy(d -> d.httpThreads = value);
  }

  /** With {@code taskFailureRate}: the share of background tasks that fail. */
  public StandInConfig withTaskFailureRate(double value) {
    return copy(d -> d.taskFailureRate = value);
  }

  /** With {@code unavailableRate}: the share of API requests answered 503. */
  public StandInConfig withUnavailableRate(double value) {
    return copy(d -> d.unavailableRate = value);
  }

  /** With {@code seed}: the seed of every injected fault and jitter draw. */
  public StandInConfig withSeed(long value) {
    return copy(d -> d.seed = value);
  }

  /** With {@code maxBodyBytes}: the largest request body; a larger one is 413. */
  public StandInConfig withMaxBodyBytes(int value) {
    return copy(d -> d.maxBodyBytes = value);
  }

  /** With {@code retrievalDelayMs}: the extra time of every find, search, grep and glob. */
  public StandInConfig withRetrievalDelayMs(long value) {
    return copy(d -> d.retrievalDelayMs = value);
  }

  /** With {@code modelErrorRate}: the share of model calls that fail. */
  public StandInConfig withModelErrorRate(double value) {
    return copy(d -> d.modelErrorRate = value);
  }

  /**
   * A queue whose messages are taken, settled as requeued and put back, never done: OpenViking
   * 0.5.2's session-commit livelock, reproduced so that the report's flags can be tested.
   */
  public StandInConfig withStuckQueue(String value) {
    return copy(d -> d.stuckQueue = value);
  }

  /** With {@code breakerResetMillis}: how long the embedding breaker stays open. */
  public StandInConfig withBreakerResetMillis(long value) {
    return copy(d -> d.breakerResetMillis = value);
  }

  /** The model delays the command line sets together: embedding, extraction, jitter. */
  public StandInConfig withDelays(Long embedMs, Long extractMs, double jitterValue) {
    return copy(d -> {
      d.embedDelayMs = embedMs;
      d.extractDelayMs = extractMs;
      d.jitter = jitterValue;
    });
  }

  /** Both queues' worker counts. */
  public StandInConfig withWorkers(int resource, int commit) {
    return copy(d -> {
      d.resourceWorkers = resource;
      d.commitWorkers = commit;
    });
  }

  /** Both injected failure rates: of background tasks, of API requests. */
  public StandInConfig withFaults(double taskFailure, double unavailable) {
    return copy(d -> {
      d.taskFailureRate = taskFailure;
      d.unavailableRate = unavailable;
    });
  }

  /**
   * The one place a config is copied: the settings go into a draft, {@code change} edits it, and
   * the new config is checked as any other. Every {@code with...} method is one such change.
   */
  private StandInConfig copy(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The settings, editable, between a config and its changed copy. */
  private static final class Draft {
    int port;
    String apiKey;
    String authMode;
    ModelMode modelMode;
    Long embedDelayMs;
    Long extractDelayMs;
    double jitter;
    int resourceWorkers;
    int commitWorkers;
    int httpThreads;
    double taskFailureRate;
    double unavailableRate;
    long seed;
    int maxBodyBytes;
    long retrievalDelayMs;
    double modelErrorRate;
    String stuckQueue;
    long breakerResetMillis;

    Draft(StandInConfig c) {
      port = c.port;
      apiKey = c.apiKey;
      authMode = c.authMode;
      modelMode = c.modelMode;
      embedDelayMs = c.embedDelayMs;
      extractDelayMs = c.extractDelayMs;
      jitter = c.jitter;
      resourceWorkers = c.resourceWorkers;
      commitWorkers = c.commitWorkers;
      httpThreads = c.httpThreads;
      taskFailureRate = c.taskFailureRate;
      unavailableRate = c.unavailableRate;
      seed = c.seed;
      maxBodyBytes = c.maxBodyBytes;
      retrievalDelayMs = c.retrievalDelayMs;
      modelErrorRate = c.modelErrorRate;
      stuckQueue = c.stuckQueue;
      breakerResetMillis = c.breakerResetMillis;
    }

    StandInConfig build() {
      return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
          resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes,
          retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
    }
  }

  @Override
  public String toString() {
    return "StandInConfig[port=" + port + ", authMode=" + authMode + ", modelMode=" + modelMode
        + ", resourceWorkers=" + resourceWorkers + ", commitWorkers=" + commitWorkers + "]";
  }
}
