package ovload.standin;

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
    long breakerResetMillis) {

  public static StandInConfig defaults() {
    return new StandInConfig(1935, "test-root-api-key", "trusted", ModelMode.REALISTIC, null, null, 0.3,
        4, 2, 32, 0.0, 0.0, 42, 10 * 1024 * 1024, 0, 0.0, 60_000);
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
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withApiKey(String value) {
    return new StandInConfig(port, value, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withAuthMode(String value) {
    return new StandInConfig(port, apiKey, value, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withModelMode(ModelMode value) {
    return new StandInConfig(port, apiKey, authMode, value, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withDelays(Long embedMs, Long extractMs, double jitterValue) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedMs, extractMs, jitterValue,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withWorkers(int resource, int commit) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resource, commit, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withFaults(double taskFailure, double unavailable) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailure, unavailable, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withSeed(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, value, maxBodyBytes, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withMaxBodyBytes(int value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, value, retrievalDelayMs, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withRetrievalDelayMs(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, value, modelErrorRate, breakerResetMillis);
  }

  public StandInConfig withModelErrorRate(double value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, value, breakerResetMillis);
  }

  public StandInConfig withBreakerResetMillis(long value) {
    return new StandInConfig(port, apiKey, authMode, modelMode, embedDelayMs, extractDelayMs, jitter,
        resourceWorkers, commitWorkers, httpThreads, taskFailureRate, unavailableRate, seed, maxBodyBytes, retrievalDelayMs, modelErrorRate, value);
  }

  @Override
  public String toString() {
    return "StandInConfig[port=" + port + ", authMode=" + authMode + ", modelMode=" + modelMode
        + ", resourceWorkers=" + resourceWorkers + ", commitWorkers=" + commitWorkers + "]";
  }
}
