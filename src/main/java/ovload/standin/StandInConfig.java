package ovload.standin;

import ovload.standin.store.TaskBoard;

/**
 * The stand-in's settings (immutable). Delays left null take the model mode's values.
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

  public StandInConfig withPort(int value) {
    return new StandInConfig(value, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withApiKey(String value) {
    return new StandInConfig(port, value, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withAuthMode(String value) {
    return new StandInConfig(port, apiKey, value, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withModelMode(ModelMode value) {
    return new StandInConfig(port, apiKey, authMode, value, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withDelays(Long embedMs, Long extractMs, double jitterValue) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedMs, extractMs, jitterValue,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withWorkers(int resource, int commit) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resource, commit, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withFaults(double taskFailure, double unavailable) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailure, unavailable, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withSeed(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, value, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withMaxBodyBytes(int value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, value, retrievalDelayMs, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withRetrievalDelayMs(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, value, modelErrorRate, stuckQueue, breakerResetMillis);
  }

  public StandInConfig withModelErrorRate(double value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, value, stuckQueue, breakerResetMillis);
  }

  /**
   * A queue whose messages are taken, settled as requeued and put back, never done: OpenViking
   * 0.5.2's session-commit livelock, reproduced so that the report's flags can be tested.
   */
  public StandInConfig withStuckQueue(String value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, value, breakerResetMillis);
  }

  public StandInConfig withBreakerResetMillis(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, stuckQueue, value);
  }

  @Override
  public String toString() {
    return "StandInConfig[port=" + port + ", authMode=" + authMode + ", modelMode=" + modelMode
        + ", resourceWorkers=" + resourceWorkers + ", commitWorkers=" + commitWorkers + "]";
  }
}
