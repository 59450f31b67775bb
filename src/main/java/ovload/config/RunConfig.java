package ovload.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;
import ovload.provision.OvBinary;
import ovload.provision.OvWheel;

/**
 * Everything one run needs, read once from system properties (environment fallbacks as in the
 * spec) and validated before anything is sent. Immutable; the simulation and every component read
 * their parameters from here.
 *
 * @param serverUrl the target, or null to start the embedded stand-in
 * @param standinInProcess the embedded stand-in in this JVM (for tests), not in a child JVM of its own
 * @param telemetry whether to ask the server for its per-operation telemetry; null: probe it once at start
 * @param abortAfterSeconds the load stops when every request for this long failed with a connection
 *     error (0: never)
 * @param shard this generator's slice of a sharded run ({@link Shard#NONE}: the whole run); {@code
 *     dataRootUri}, {@code sessionPrefix}, {@code localDataDir} and the default {@code outputDir} are the shard's own
 */
public record RunConfig(
    String runId,
    String serverUrl,
    String apiKey,
    String account,
    String user,
    double timeoutSeconds,
    List<String> adapters,
    String profile,
    Workload workload,
    double drainTimeoutSeconds,
    double taskPollIntervalSeconds,
    double requestWindowSeconds,
    String dataRootUri,
    String sessionPrefix,
    boolean clearBeforeRun,
    boolean cleanupAtEnd,
    OvBinary ovBin,
    long seed,
    int findLimit,
    Path outputDir,
    Path localDataDir,
    Path userFilesDir,
    String modelMode,
    LoadModel loadModel,
    Double maxFailureRatePercent,
    Double maxSuccessP95Ms,
    Long targetPid,
    long standinRetrievalDelayMs,
    String modelStatsUrl,
    ServerQueueOptions serverQueues,
    boolean standinInProcess,
    Boolean telemetry,
    double abortAfterSeconds,
    Shard shard) {

  public static final List<String> ADAPTERS = List.of("sdk", "cli-http", "cli-subprocess");
  public static final List<String> MODEL_MODES = List.of("instant", "realistic", "slow");
  public static final String DEFAULT_API_KEY = "test-root-api-key";
  private static final String REDACTED = "***redacted***";
  private static final Pattern DATA_ROOT =
      Pattern.compile("viking://resources(/[A-Za-z0-9][A-Za-z0-9._-]*)+");
  private static final Pattern SESSION_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public boolean embeddedServer() {
    return serverUrl == null;
  }

  /** Reads the JVM's system properties and environment. */
  public static RunConfig fromSystem(Path projectDir) {
    return from(System.getProperties(), System.getenv(), projectDir, Instant.now());
  }

  public static RunConfig from(
      Properties properties, Map<String, String> env, Path projectDir, Instant now) {
    Settings s = new Settings(properties, env);
    String runId = s.string("runId", null, RUN_ID.format(now));
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException("-DrunId may hold only letters, digits, '.', '_' and '-'");
    }
    String profile = s.string("profile", null, "standard").toLowerCase(Locale.ROOT);
    String ovBinProperty = s.raw("ovBin", null);
    String ovBinEnv = env.get("OV_BIN") == null ? null : env.get("OV_BIN").trim();
    List<String> adapters = adapters(s.string("adapters", null, String.join(",", ADAPTERS)));
    String modelMode = s.string("modelMode", null, "realistic").toLowerCase(Locale.ROOT);
    if (!MODEL_MODES.contains(modelMode)) {
      throw new ConfigException(
          "unknown -DmodelMode '" + modelMode + "': use " + String.join("|", MODEL_MODES));
    }
    Shard shard = Shard.from(s, env, now);
    Path outputDir = projectDir.resolve(s.string("outputDir", null,
        "reports/" + runId + (shard.sharded() ? "-" + shard.label() : "")));
    String serverUrl = serverUrl(s.raw("serverUrl", "OPENVIKING_SERVER_URL"));
    if (shard.sharded() && serverUrl == null) {
      throw new ConfigException("the shards of a run load one server: give -DserverUrl (scripts/sharded-run.sh starts a "
          + "stand-in for its shards)");
    }
    // every other option is checked before the ov is resolved: a bad one fails before any download
    long seed = s.wholeNumber("seed", 42);
    int findLimit = s.positiveInt("findLimit", 10);
    Path commonDataDir = projectDir.resolve(s.string("localDataDir", null, "target/ovload-data"));
    // shards on one machine must not wipe each other's documents
    Path localDataDir = shard.sharded() ? commonDataDir.resolve(shard.label()) : commonDataDir;
    Path userFilesDir = projectDir.resolve(s.string("userFiles", null, "user-files"));
    LoadModel loadModel = LoadModel.from(s);
    Workload workload = Workload.load(profile, s);
    shard.requireUnits(workload, loadModel);
    Double maxFailureRatePercent = optionalNumber(s, "maxFailureRatePercent", "percent");
    Double maxSuccessP95Ms = optionalNumber(s, "maxSuccessP95Ms", "milliseconds");
    Long targetPid = targetPid(s.raw("targetPid", null));
    long retrievalDelayMs = (long) s.number("standinRetrievalDelayMs", 0, 0, "milliseconds");
    String modelStatsUrl = modelStatsUrl(s.raw("modelStatsUrl", null));
    ServerQueueOptions serverQueues = ServerQueueOptions.from(s, serverUrl == null);
    boolean standinInProcess = s.flag("standinInProcess", false);
    Boolean telemetry = s.raw("telemetry", null) == null || s.raw("telemetry", null).isEmpty() ? null : s.flag("telemetry", false);
    return new RunConfig(
        runId,
        serverUrl,
        s.string("apiKey", "OPENVIKING_API_KEY", DEFAULT_API_KEY),
        s.string("account", "OPENVIKING_ACCOUNT", "default"),
        s.string("user", "OPENVIKING_USER", "default"),
        s.seconds("timeout", 60, 0.001),
        adapters,
        profile,
        workload,
        s.seconds("drainTimeout", 60, 0),
        s.seconds("taskPollInterval", 1, 0.1),
        s.seconds("requestWindowSeconds", 5, 1),
        shard.dataRoot(dataRootUri(s.string("dataRootUri", null, "viking://resources/bench/load_test"))),
        shard.sessionPrefix(sessionPrefix(s.raw("sessionPrefix", null) == null ? "bench-load-" : s.raw("sessionPrefix", null))),
        s.flag("clearBeforeRun", true),
        s.flag("cleanupAtEnd", false),
        adapters.contains("cli-subprocess")
            ? OvBinary.resolve(ovBinProperty, ovBinEnv, projectDir, env, OvWheel.FETCH_TIMEOUT)
            : OvBinary.unused(ovBinProperty != null ? ovBinProperty : ovBinEnv),
        seed,
        findLimit,
        outputDir,
        localDataDir,
        userFilesDir,
        modelMode,
        loadModel,
        maxFailureRatePercent,
        maxSuccessP95Ms,
        targetPid,
        retrievalDelayMs,
        modelStatsUrl,
        serverQueues,
        standinInProcess,
        telemetry,
        s.seconds("abortAfterSeconds", 5, 0),
        shard);
  }

  /** The mock model provider's counters ({@code /mock/stats}), reset at each run's start and saved at its end. */
  static String modelStatsUrl(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!value.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?/mock/stats")) {
      throw new ConfigException("malformed -DmodelStatsUrl '" + value
          + "': give the mock model provider's stats URL, e.g. http://127.0.0.1:1940/mock/stats");
    }
    return value;
  }

  private static Double optionalNumber(Settings s, String property, String unit) {
    String raw = s.raw(property, null);
    return raw == null || raw.isEmpty() ? null : s.number(property, 0, 0, unit);
  }

  /** The external server's process, sampled from /proc: it must exist now. */
  static Long targetPid(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      long pid = Long.parseLong(value);
      if (java.nio.file.Files.isDirectory(Path.of("/proc/" + pid))) {
        return pid;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException("-DtargetPid " + value + " is no running process: give the server's pid (e.g. pgrep -f openviking-server)");
  }

  static List<String> adapters(String value) {
    LinkedHashSet<String> names = new LinkedHashSet<>();
    for (String part : value.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        continue;
      }
      if (!ADAPTERS.contains(name)) {
        throw new ConfigException(
            "unknown adapter '" + name + "' in -Dadapters: valid adapters are "
                + String.join(", ", ADAPTERS));
      }
      names.add(name);
    }
    if (names.isEmpty()) {
      throw new ConfigException(
          "-Dadapters is empty: name one or more of " + String.join(", ", ADAPTERS));
    }
    return List.copyOf(new ArrayList<>(names));
  }

  static String serverUrl(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      URI uri = new URI(value);
      boolean http = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
      String path = uri.getPath() == null ? "" : uri.getPath();
      if (!http || uri.getHost() == null || uri.getQuery() != null || !path.matches("/?")) {
        throw new URISyntaxException(value, "not a server root");
      }
    } catch (URISyntaxException e) {
      throw new ConfigException(
          "malformed -DserverUrl '" + value + "': give the server root, e.g. http://127.0.0.1:1935");
    }
    return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
  }

  /** The data root is deleted recursively when clearing: it must lie strictly inside resources. */
  static String dataRootUri(String value) {
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (!DATA_ROOT.matcher(trimmed).matches() || trimmed.contains("/..") || trimmed.contains("/./")) {
      throw new ConfigException(
          "refusing -DdataRootUri '" + value + "': it must lie strictly inside viking://resources/, "
              + "e.g. viking://resources/bench/load_test");
    }
    return trimmed;
  }

  /** Sessions with this prefix are deleted when clearing: an empty prefix would match them all. */
  static String sessionPrefix(String value) {
    if (!SESSION_PREFIX.matcher(value).matches()) {
      throw new ConfigException(
          "refusing -DsessionPrefix '" + value + "': use a non-empty prefix of letters, digits, '.', '_' or '-', e.g. bench-load-");
    }
    return value;
  }

  /** The effective configuration as written to {@code run_config.json}: API key redacted. */
  public Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run_id", runId);
    m.put("server_url", serverUrl);
    m.put("api_key", apiKey == null || apiKey.isEmpty() ? null : REDACTED);
    m.put("account", account);
    m.put("user", user);
    m.put("timeout", timeoutSeconds);
    m.put("adapters", adapters);
    m.put("profile", profile);
    m.put("resource_count", workload.resourceCount());
    m.put("session_count", workload.sessionCount());
    m.put("messages_per_session", workload.messagesPerSession());
    m.put("resource_concurrency", workload.resourceConcurrency());
    m.put("search_concurrency", workload.searchConcurrency());
    m.put("session_concurrency", workload.sessionConcurrency());
    m.put("commit_concurrency", workload.commitConcurrency());
    m.put("mixed_concurrency", workload.mixedConcurrency());
    m.put("phase_seconds", workload.phaseSeconds());
    m.put("mixed_seconds", workload.mixedSeconds());
    m.put("warmup_seconds", workload.warmupSeconds());
    m.put("drain_timeout", drainTimeoutSeconds);
    m.put("task_poll_interval", taskPollIntervalSeconds);
    m.put("request_window_seconds", requestWindowSeconds);
    m.put("local_data_dir", localDataDir.toString());
    m.put("user_files", userFilesDir.toString());
    m.put("output_dir", outputDir.toString());
    m.put("data_root_uri", dataRootUri);
    m.put("session_prefix", sessionPrefix);
    m.put("clear_before_run", clearBeforeRun);
    m.put("cleanup_at_end", cleanupAtEnd);
    m.put("ov_bin", ovBin.path());
    m.put("seed", seed);
    m.put("find_limit", findLimit);
    m.put("embedded_server", embeddedServer());
    m.put("model_mode", embeddedServer() ? modelMode : null);
    m.put("load_model", loadModel.open() ? "open" : "closed");
    m.put("retrieval_rate", loadModel.retrievalRate());
    m.put("mixed_rate", loadModel.mixedRate());
    if (loadModel.testHoldBackMs() > 0) {
      m.put("test_hold_back_ms", loadModel.testHoldBackMs());
    }
    m.put("max_failure_rate_percent", maxFailureRatePercent);
    m.put("max_success_p95_ms", maxSuccessP95Ms);
    m.put("target_pid", targetPid);
    m.put("standin_retrieval_delay_ms", embeddedServer() ? standinRetrievalDelayMs : null);
    m.put("model_stats_url", modelStatsUrl);
    m.put("drain_server_queues", serverQueues.drainServerQueues());
    m.put("livelock_seconds", serverQueues.livelockSeconds());
    m.put("standin_stuck_queue", serverQueues.standinStuckQueue());
    m.put("standin_in_process", embeddedServer() ? standinInProcess : null);
    m.put("telemetry", telemetry);
    m.put("abort_after_seconds", abortAfterSeconds);
    m.put("shard", shard.describe(dataRootUri, sessionPrefix));
    m.put("start_at", shard.startAt() == null ? null : shard.startAt().toString());
    return m;
  }

  /** The configuration with the server's actual URL once the embedded stand-in is bound. */
  public RunConfig withServerUrl(String url) {
    return new RunConfig(runId, url, apiKey, account, user, timeoutSeconds, adapters, profile,
        workload, drainTimeoutSeconds, taskPollIntervalSeconds, requestWindowSeconds, dataRootUri,
        sessionPrefix, clearBeforeRun, cleanupAtEnd, ovBin, seed, findLimit, outputDir,
        localDataDir, userFilesDir, modelMode, loadModel, maxFailureRatePercent, maxSuccessP95Ms, targetPid,
        standinRetrievalDelayMs, modelStatsUrl, serverQueues, standinInProcess, telemetry, abortAfterSeconds, shard);
  }

  @Override
  public String toString() {
    return "RunConfig" + describe();
  }
}
