package ovload.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * {@code run_config.json}: a run's effective configuration, as the reports ({@code report.RunInfo}),
 * the shard merge and a reader of the folder see it. Its keys, their order and their values are the
 * folder's contract: one flat object whose groups are {@link RunConfig}'s records written in place;
 * the stand-in's settings are null for an external server. The API key is written redacted.
 *
 * @param ovBin the {@code ov} cli-subprocess runs, as the run resolved it (the setting as given when
 *     the run has no cli-subprocess)
 * @param ovCli what the run learned of that {@code ov} (path, source, version, ...), written as
 *     Jackson writes it; null leaves it out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunConfigFile(
    String runId,
    @JsonUnwrapped Connection connection,
    List<String> adapters,
    String profile,
    @JsonUnwrapped Workload workload,
    @JsonProperty("drain_timeout") double drainTimeoutSeconds,
    @JsonProperty("task_poll_interval") double taskPollIntervalSeconds,
    double requestWindowSeconds,
    @JsonUnwrapped Paths paths,
    @JsonUnwrapped ServerData data,
    String ovBin,
    long seed,
    int findLimit,
    boolean embeddedServer,
    String modelMode,
    @JsonUnwrapped LoadModel loadModel,
    @JsonUnwrapped GateLimits gates,
    Long targetPid,
    Long standinRetrievalDelayMs,
    String modelStatsUrl,
    @JsonUnwrapped ServerQueueOptions serverQueues,
    Boolean standinInProcess,
    Boolean telemetry,
    double abortAfterSeconds,
    Shard.Description shard,
    String startAt,
    @JsonUnwrapped ServerInsideOptions serverInside,
    @JsonInclude(JsonInclude.Include.NON_NULL) Object ovCli) {

  public static RunConfigFile of(RunConfig c, String ovBin, Object ovCli) {
    boolean embedded = c.connection().embeddedServer();
    StandInOptions standin = c.standin();
    return new RunConfigFile(c.runId(), c.connection(), c.adapters(), c.profile(), c.workload(),
        c.drainTimeoutSeconds(), c.taskPollIntervalSeconds(), c.requestWindowSeconds(), c.paths(), c.data(), ovBin,
        c.seed(), c.findLimit(), embedded, embedded ? standin.modelMode() : null, c.loadModel(), c.gates(),
        c.watch().targetPid(), embedded ? standin.retrievalDelayMs() : null, c.watch().modelStatsUrl(),
        c.watch().serverQueues(), embedded ? standin.inProcess() : null, c.watch().telemetry(),
        c.abortAfterSeconds(), c.shard().describe(c.data().dataRootUri(), c.data().sessionPrefix()),
        c.shard().startAt() == null ? null : c.shard().startAt().toString(), c.watch().inside(), ovCli);
  }
}
