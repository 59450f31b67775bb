package ovload.config;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Everything one run needs, read once from system properties (environment fallbacks as in the
 * spec) and validated before anything is sent, grouped by concern; each group checks its own
 * options. Immutable; the simulation and every component read their parameters from here. Nothing
 * here touches the network or the disk: the {@code ov} the run was told to use is only recorded
 * ({@link OvBinSetting}), and found or fetched by the run.
 *
 * @param drainTimeoutSeconds how long a drain waits for the server's tasks
 * @param taskPollIntervalSeconds how often a drain asks for them
 * @param requestWindowSeconds the reports' throughput window
 * @param abortAfterSeconds the load stops when every request for this long failed with a connection
 *     error (0: never)
 * @param shard this generator's slice of a sharded run ({@link Shard#NONE}: the whole run); the data
 *     root, session prefix, local data folder and default run folder are the shard's own
 */
public record RunConfig(
    String runId,
    Connection connection,
    List<String> adapters,
    String profile,
    Workload workload,
    LoadModel loadModel,
    double drainTimeoutSeconds,
    double taskPollIntervalSeconds,
    double requestWindowSeconds,
    double abortAfterSeconds,
    Paths paths,
    ServerData data,
    OvBinSetting ovBin,
    long seed,
    int findLimit,
    StandInOptions standin,
    GateLimits gates,
    ServerWatch watch,
    Shard shard) {

  public static final List<String> ADAPTERS = List.of("sdk", "cli-http", "cli-subprocess");
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  public static RunConfig from(
      Properties properties, Map<String, String> env, Path projectDir, Instant now) {
    Settings s = new Settings(properties, env);
    String runId = s.string("runId", null, RUN_ID.format(now));
    if (!runId.matches("[A-Za-z0-9._-]+")) {
      throw new ConfigException("-DrunId may hold only letters, digits, '.', '_' and '-'");
    }
    String profile = s.string("profile", null, "standard").toLowerCase(Locale.ROOT);
    List<String> adapters = adapters(s.string("adapters", null, String.join(",", ADAPTERS)));
    String modelMode = StandInOptions.modelMode(s);
    Shard shard = Shard.from(s, env, now);
    Paths paths = Paths.from(s, projectDir, runId, shard);
    Connection connection = Connection.from(s);
    if (shard.sharded() && connection.embeddedServer()) {
      throw new ConfigException("the shards of a run load one server: give -DserverUrl (scripts/sharded-run.sh starts a "
          + "stand-in for its shards)");
    }
    long seed = s.wholeNumber("seed", 42);
    int findLimit = s.positiveInt("findLimit", 10);
    LoadModel loadModel = LoadModel.from(s);
    Workload workload = Workload.load(profile, s);
    shard.requireUnits(workload, loadModel);
    GateLimits gates = GateLimits.from(s);
    StandInOptions standin = StandInOptions.from(modelMode, s);
    ServerWatch watch = ServerWatch.from(s, connection.embeddedServer());
    return new RunConfig(
        runId,
        connection,
        adapters,
        profile,
        workload,
        loadModel,
        s.seconds("drainTimeout", 60, 0),
        s.seconds("taskPollInterval", 1, 0.1),
        s.seconds("requestWindowSeconds", 5, 1),
        s.seconds("abortAfterSeconds", 5, 0),
        paths,
        ServerData.from(s, shard),
        OvBinSetting.from(s, env),
        seed,
        findLimit,
        standin,
        gates,
        watch,
        shard);
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

  /** The configuration with the server's actual URL once the embedded stand-in is bound. */
  public RunConfig withServerUrl(String url) {
    return new RunConfig(runId, connection.withServerUrl(url), adapters, profile, workload, loadModel,
        drainTimeoutSeconds, taskPollIntervalSeconds, requestWindowSeconds, abortAfterSeconds, paths, data, ovBin,
        seed, findLimit, standin, gates, watch, shard);
  }
}
