package ovload.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.recording.PhaseRecord;
import ovload.recording.ServerQueueDrain;
import ovload.recording.RunOutcome;
import ovload.report.gates.GateEvaluator;
import ovload.report.gates.GateResult;
import ovload.report.gates.Gates;
import ovload.report.gates.GatesXmlWriter;
import ovload.report.jmeter.JMeterCsvWriter;
import ovload.support.Timestamps;
import ovload.report.model.GatlingStats;
import ovload.report.model.IntendedLatency;
import ovload.report.model.LatencyBreakdown;
import ovload.report.model.ModelFindings;
import ovload.report.model.QueueFindings;
import ovload.report.model.RequestStats;
import ovload.report.model.ResourceFindings;
import ovload.report.model.RunTables;
import ovload.report.render.BreakdownSection;
import ovload.report.render.Charts;
import ovload.report.render.ChineseSummary;
import ovload.report.render.CsvTables;
import ovload.report.render.EnglishSummary;
import ovload.report.render.HtmlSummaryWriter;
import ovload.support.PythonFormat;

/**
 * Turns a run folder (our events, phases and configuration, and Gatling's {@code stats.json} when
 * present) into the spec's files plus the English summary and its charts. Runs by itself at the end
 * of every {@code mvn gatling:test}, and alone on any run folder:
 * {@code mvn -q exec:java@report -Dexec.args=reports/<run_id>}.
 */
public final class PostProcessor {
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);

  private PostProcessor() {}

  /** Call before the JVM may be shutting down, when the report will be written from a shutdown hook. */
  public static void prepare() {
    Charts.warmUp();
  }

  public static ReportResult process(Path runDir, ReportOptions options) throws IOException {
    List<String> notes = new ArrayList<>();
    JsonNode config = readJson(runDir.resolve("run_config.json"), notes);
    List<PhaseRecord> phases = new ArrayList<>();
    Path phasesFile = runDir.resolve("phases.json");
    if (Files.exists(phasesFile)) {
      phases.addAll(RunTables.JSON.readValue(phasesFile.toFile(), new TypeReference<List<PhaseRecord>>() {}));
    } else {
      notes.add("phases.json is missing: qps uses each group's own time span");
    }
    Path notesFile = runDir.resolve("notes.json");
    if (Files.exists(notesFile)) {
      notes.addAll(0, RunTables.JSON.readValue(notesFile.toFile(), new TypeReference<List<String>>() {}));
    }
    if (!Files.exists(runDir.resolve("request_events.jsonl"))) {
      notes.add("request_events.jsonl is missing: no request was recorded");
    }
    RunInfo run = RunInfo.of(config, runDir.getFileName().toString(), runDir.toString());
    RunOutcome outcome = RunOutcome.read(runDir);
    double window = options.windowSeconds() != null ? options.windowSeconds() : Math.max(1.0, run.requestWindowSeconds());
    RunTables tables = RunTables.compute(runDir, window, phases);

    Map<String, Object> gatlingStats = null;
    List<GatlingStats.Reconciliation> reconciliation = new ArrayList<>();
    java.util.Optional<Path> gatlingReport = GatlingStats.reportDir(runDir);
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
      notes.add(EnglishSummary.gcShare(resources.gc()));
    }
    QueueFindings queues = QueueFindings.analyse(runDir,
        config.path("livelock_seconds").asDouble(QueueFindings.DEFAULT_LIVELOCK_SECONDS));
    ServerQueueDrain queueDrain = ServerQueueDrain.read(runDir);
    List<GateResult> gates = GateEvaluator.evaluate(Gates.forRun(config.path("profile").asText("standard"), run.adapters(),
        number(config, "max_failure_rate_percent"), number(config, "max_success_p95_ms")), tables, runDir);
    for (GateResult gate : gates) {
      if (gate.failed()) {
        notes.add("gate failed: " + gate.gate().adapter() + " " + gate.gate().operation() + " " + gate.gate().metric()
            + " = " + PythonFormat.repr(PythonFormat.round(gate.measured(), 4)) + " > " + PythonFormat.repr(gate.gate().threshold()));
      }
    }
    GatesXmlWriter.write(gates, outcome, runDir.resolve("gates.xml"));
    JMeterCsvWriter.write(runDir);

    List<Map<String, Object>> summaryRows = tables.requestSummary.stream().map(RequestStats::row).toList();
    List<Map<String, Object>> windowRows = tables.windows.stream().map(RunTables.WindowStats::row).toList();
    List<Map<String, Object>> taskRows = tables.taskRows();
    List<Map<String, Object>> comparisonRows = tables.adapterComparison.stream().map(RequestStats::row).toList();
    List<Map<String, Object>> errorRows = tables.errorRows(Long.MAX_VALUE);
    CsvTables.write(runDir.resolve("request_summary.csv"), RequestStats.COLUMNS, summaryRows);
    CsvTables.write(runDir.resolve("request_windows.csv"), RunTables.WindowStats.COLUMNS, windowRows);
    CsvTables.write(runDir.resolve("task_summary.csv"), RunTables.TaskStats.COLUMNS, taskRows);
    CsvTables.write(runDir.resolve("adapter_comparison.csv"), RequestStats.COLUMNS, comparisonRows);
    CsvTables.write(runDir.resolve("errors.csv"), RunTables.ErrorCount.COLUMNS, errorRows);
    if (!tables.intendedLatency.isEmpty()) {
      CsvTables.write(runDir.resolve(IntendedLatency.FILE), IntendedLatency.COLUMNS,
          tables.intendedLatency.stream().map(IntendedLatency::row).toList());
    }

    List<Charts.Chart> charts = new ArrayList<>();
    if (options.charts()) {
      try {
        charts = Charts.draw(runDir, tables, phases, window);
        if (resources != null) {
          charts.add(Charts.resources(runDir));
        }
        if (queues != null) {
          charts.addAll(Charts.serverQueues(runDir, queues.moved()));
        }
      } catch (RuntimeException | LinkageError e) {
        notes.add("charts could not be drawn: " + e);
      }
    }
    LatencyBreakdown breakdown = LatencyBreakdown.read(runDir);
    CsvTables.write(runDir.resolve("latency_breakdown.csv"), LatencyBreakdown.COLUMNS,
        breakdown.rows().stream().map(LatencyBreakdown.Row::row).toList());
    List<Charts.Chart> breakdownCharts = new ArrayList<>();
    if (options.charts()) {
      try {
        breakdownCharts = Charts.breakdown(runDir, breakdown);
      } catch (RuntimeException | LinkageError e) {
        notes.add("the breakdown charts could not be drawn: " + e);
      }
    }
    String zh = ChineseSummary.render(run, notes, phases, tables, queues, outcome);
    Path summaryZh = Files.writeString(runDir.resolve("summary_zh.md"), zh, StandardCharsets.UTF_8);
    Path summary = Files.writeString(runDir.resolve("summary.md"), EnglishSummary.render(run, notes, phases, tables,
        reconciliation, charts, gates, resources, ModelFindings.read(runDir, tables.spanSeconds),
        gatlingReport.map(r -> r.getFileName() + "/index.html").filter(i -> Files.exists(runDir.resolve(i))).orElse(null),
        queues, queueDrain, outcome, BreakdownSection.render(breakdown, breakdownCharts)), StandardCharsets.UTF_8);

    Map<String, Object> runSummary = new LinkedHashMap<>();
    runSummary.put("run_id", run.runId());
    runSummary.put("created_at", Timestamps.iso(Instant.now()));
    runSummary.put("notes", notes);
    runSummary.put("request_summary", summaryRows);
    runSummary.put("task_summary", taskRows);
    runSummary.put("adapter_comparison", comparisonRows);
    runSummary.put("errors", errorRows);
    runSummary.put("summary_zh", zh);
    // beyond the spec's keys: whether the figures cover the whole workload
    runSummary.put("outcome", outcome.outcome());
    runSummary.put("partial", outcome.partial());
    runSummary.put("outcome_reason", outcome.reason());
    runSummary.put("final_drain_ran", outcome.finalDrainRan());
    runSummary.put("environment", Environment.capture(Path.of(System.getProperty("ovload.projectDir", ""))));
    runSummary.put("config", config);
    if (config.has("ov_cli")) {
      runSummary.put("ov_cli", config.get("ov_cli")); // which ov cli-subprocess ran: path, source, version
    }
    if (config.has("shards")) {
      runSummary.put("shards", config.get("shards")); // a merged run: the shards' folders, data roots and prefixes
    }
    runSummary.put("gatling_stats", gatlingStats);
    List<Map<String, Object>> reconciled = new ArrayList<>();
    reconciliation.forEach(r -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("gatling", r.gatling());
      row.put("events", r.events());
      row.put("match", r.match());
      reconciled.add(row);
    });
    runSummary.put("reconciliation", reconciled);
    List<Map<String, Object>> gateRows = new ArrayList<>();
    gates.forEach(g -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("adapter", g.gate().adapter());
      row.put("operation", g.gate().operation());
      row.put("metric", g.gate().metric());
      row.put("threshold", g.gate().threshold());
      row.put("measured", g.measured());
      row.put("passed", g.passed());
      row.put("skipped", g.skipped());
      gateRows.add(row);
    });
    runSummary.put("gates", gateRows);
    runSummary.put("resources", resources);
    runSummary.put("server_queues", queues);
    runSummary.put("server_queue_drain", queueDrain);
    PRETTY.writeValue(runDir.resolve("run_summary.json").toFile(), runSummary);
    HtmlSummaryWriter.write(summary, summaryZh);

    return new ReportResult(summary, summaryZh, tables.events, tables.phaseFailures(), List.copyOf(notes), tables, gates,
        outcome);
  }

  private static Double number(JsonNode config, String key) {
    return config.path(key).isNumber() ? config.get(key).asDouble() : null;
  }

  private static JsonNode readJson(Path file, List<String> notes) throws IOException {
    if (!Files.exists(file)) {
      notes.add(file.getFileName() + " is missing: run details are unknown");
      return MissingNode.getInstance();
    }
    return RunTables.JSON.readTree(file.toFile());
  }
}
