package ovload.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ovload.recording.PhaseRecord;
import ovload.recording.RunOutcome;
import ovload.recording.ServerQueueDrain;
import ovload.report.gates.GateEvaluator;
import ovload.report.gates.GateResult;
import ovload.report.gates.Gates;
import ovload.report.model.GatlingStats;
import ovload.report.model.InsideFindings;
import ovload.report.model.LatencyBreakdown;
import ovload.report.model.ModelFindings;
import ovload.report.model.QueueFindings;
import ovload.report.model.ResourceFindings;
import ovload.report.model.RunInfo;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.support.Json;
import ovload.support.PythonFormat;

/**
 * Reads a run folder into its {@link RunReport}: every table, finding, gate and note, before any
 * file is written. Tolerant of missing files: each one missing becomes a note, not a failure.
 */
final class RunAnalysis {
  private RunAnalysis() {}

  /** @param windowSeconds the window of {@code request_windows.csv}; null takes the run's own */
  static RunReport of(Path runDir, Double windowSeconds) throws IOException {
    List<String> notes = new ArrayList<>();
    JsonNode config = readConfig(runDir.resolve("run_config.json"), notes);
    List<PhaseRecord> phases = new ArrayList<>();
    Path phasesFile = runDir.resolve("phases.json");
    if (Files.exists(phasesFile)) {
      phases.addAll(Json.MAPPER.readValue(phasesFile.toFile(), new TypeReference<List<PhaseRecord>>() {}));
    } else {
      notes.add("phases.json is missing: qps uses each group's own time span");
    }
    Path notesFile = runDir.resolve("notes.json");
    if (Files.exists(notesFile)) {
      notes.addAll(0, Json.MAPPER.readValue(notesFile.toFile(), new TypeReference<List<String>>() {}));
    }
    if (!Files.exists(runDir.resolve("request_events.jsonl"))) {
      notes.add("request_events.jsonl is missing: no request was recorded");
    }
    RunInfo run = RunInfo.of(config, runDir.getFileName().toString(), runDir.toString());
    double window = windowSeconds != null ? windowSeconds : Math.max(1.0, run.requestWindowSeconds());
    RunTables tables = RunTables.compute(runDir, window, phases);

    Map<String, GatlingStats.Summary> gatlingStats = null;
    List<GatlingStats.Reconciliation> reconciliation = new ArrayList<>();
    Optional<Path> gatlingReport = GatlingStats.reportDir(runDir);
    if (gatlingReport.isPresent()) {
      Map<String, JsonNode> stats = GatlingStats.read(gatlingReport.get().resolve("js/stats.json"));
      gatlingStats = GatlingStats.flatten(stats);
      reconciliation = GatlingStats.reconcile(stats, tables);
      for (GatlingStats.Reconciliation r : reconciliation) {
        if (!r.match()) {
          notes.add("reconciliation: Gatling counted " + (r.gatling() == null ? "no request" : r.gatling() + " requests")
              + " named " + r.name() + ", our events " + r.events());
        }
      }
    } else {
      notes.add("no Gatling stats.json in this run folder: every figure comes from our events (no reconciliation)");
    }

    ResourceFindings resources = ResourceFindings.analyse(runDir);
    if (resources != null && resources.generatorSaturated()) {
      notes.add("the load generator's CPU was above " + (int) ResourceFindings.SATURATED_CPU_PERCENT + " % in "
          + PythonFormat.fixed(resources.saturatedShare() * 100, 1) + " % of the samples: the latencies describe the generator, not the server");
    }
    if (resources != null && resources.gc().explainsTail()) {
      notes.add(resources.gc().sentence());
    }
    QueueFindings queues = QueueFindings.analyse(runDir,
        config.path("livelock_seconds").asDouble(QueueFindings.DEFAULT_LIVELOCK_SECONDS));
    RunOutcome outcome = RunOutcome.read(runDir);
    List<GateResult> gates = GateEvaluator.evaluate(Gates.forRun(config.path("profile").asText("standard"), run.adapters(),
        number(config, "max_failure_rate_percent"), number(config, "max_success_p95_ms"),
        count(config, "max_unfinished_tasks"), count(config, "max_pending_server_queue")), tables, runDir, outcome, queues);
    for (GateResult gate : gates) {
      if (gate.failed()) {
        notes.add("gate failed: " + gate.gate().adapter() + " " + gate.gate().operation() + " " + gate.gate().metric()
            + " = " + PythonFormat.repr(PythonFormat.round(gate.measured(), 4)) + " > " + PythonFormat.repr(gate.gate().threshold()));
      }
    }
    return new RunReport(runDir, run, List.copyOf(notes), List.copyOf(phases), window, tables, LatencyBreakdown.read(runDir),
        gatlingStats, List.copyOf(reconciliation),
        gatlingReport.map(r -> r.getFileName() + "/index.html").filter(i -> Files.exists(runDir.resolve(i))).orElse(null),
        gates, resources, ModelFindings.read(runDir, tables.spanSeconds()), queues, ServerQueueDrain.read(runDir),
        outcome, InsideFindings.analyse(runDir, phases, tables));
  }

  private static Long count(JsonNode config, String key) {
    return config.path(key).isIntegralNumber() ? config.get(key).asLong() : null;
  }

  private static Double number(JsonNode config, String key) {
    return config.path(key).isNumber() ? config.get(key).asDouble() : null;
  }

  private static JsonNode readConfig(Path file, List<String> notes) throws IOException {
    if (!Files.exists(file)) {
      notes.add(file.getFileName() + " is missing: run details are unknown");
      return MissingNode.getInstance();
    }
    return Json.MAPPER.readTree(file.toFile());
  }
}
