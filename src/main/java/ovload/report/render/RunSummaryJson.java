package ovload.report.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ovload.recording.ServerQueueDrain;
import ovload.report.gates.GateResult;
import ovload.report.model.Environment;
import ovload.report.model.GatlingStats;
import ovload.report.model.QueueFindings;
import ovload.report.model.RequestStats;
import ovload.report.model.ResourceFindings;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.support.Json;
import ovload.support.Timestamps;

/**
 * {@code run_summary.json}: the spec's keys (run id to {@code summary_zh}), then ours: whether the
 * figures cover the whole workload, where the run was measured, its configuration, Gatling's figures,
 * the gates and the findings.
 *
 * @param ovCli which {@code ov} cli-subprocess ran (path, source, version); absent when none was recorded
 * @param shards a merged run's shards (folders, data roots, prefixes); absent for a single run
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"run_id", "created_at", "notes", "request_summary", "task_summary", "adapter_comparison", "errors",
    "summary_zh", "outcome", "partial", "outcome_reason", "final_drain_ran", "environment", "config", "ov_cli", "shards",
    "gatling_stats", "reconciliation", "gates", "resources", "server_queues", "server_queue_drain"})
public record RunSummaryJson(
    String runId,
    String createdAt,
    List<String> notes,
    List<RequestStats> requestSummary,
    List<RunTables.TaskStats> taskSummary,
    List<RequestStats> adapterComparison,
    List<RunTables.ErrorCount> errors,
    String summaryZh,
    String outcome,
    boolean partial,
    String outcomeReason,
    boolean finalDrainRan,
    Environment environment,
    JsonNode config,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode ovCli,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode shards,
    Map<String, GatlingStats.Summary> gatlingStats,
    List<GatlingStats.Reconciliation> reconciliation,
    List<GateResult> gates,
    ResourceFindings resources,
    QueueFindings serverQueues,
    ServerQueueDrain serverQueueDrain) {

  public static final String FILE = "run_summary.json";

  /** The report as written now, with the Chinese summary it was rendered to. */
  public static RunSummaryJson of(RunReport r, String summaryZh) {
    JsonNode config = r.run().config();
    RunTables t = r.tables();
    return new RunSummaryJson(r.run().runId(), Timestamps.iso(Instant.now()), r.notes(), t.requestSummary(), t.taskSummary(),
        t.adapterComparison(), t.errors(), summaryZh, r.outcome().outcome(), r.outcome().partial(), r.outcome().reason(),
        r.outcome().finalDrainRan(), Environment.capture(Path.of(System.getProperty("ovload.projectDir", ""))), config,
        config.get("ov_cli"), config.get("shards"), r.gatlingStats(), r.reconciliation(), r.gates(), r.resources(),
        r.queues(), r.queueDrain());
  }

  public void write(Path runDir) throws IOException {
    Json.PRETTY.writeValue(runDir.resolve(FILE).toFile(), this);
  }
}
