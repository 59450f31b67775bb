package ovload.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import ovload.report.gates.GatesXmlWriter;
import ovload.report.jmeter.JMeterCsvWriter;
import ovload.report.model.IntendedLatency;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.report.render.ChartSet;
import ovload.report.render.Charts;
import ovload.report.render.ChineseSummary;
import ovload.report.render.CsvTables;
import ovload.report.render.EnglishSummary;
import ovload.report.render.HtmlSummaryWriter;
import ovload.report.render.RunSummaryJson;
import ovload.serverside.metrics.PhaseMetricsTable;
import ovload.serverside.metrics.ServerMetrics;

/**
 * Turns a run folder (our events, phases and configuration, and Gatling's {@code stats.json} when
 * present) into the spec's files plus the English summary and its charts. Runs by itself at the end
 * of every {@code mvn gatling:test}, and alone on any run folder:
 * {@code mvn -q exec:java@report -Dexec.args=reports/<run_id>}.
 */
public final class PostProcessor {
  private PostProcessor() {}

  /** Call before the JVM may be shutting down, when the report will be written from a shutdown hook. */
  public static void prepare() {
    Charts.warmUp();
  }

  /**
   * Reads the run folder into its {@link RunReport} once, then writes every file from it: gates,
   * JMeter's CSV, the spec's CSVs, the charts, the summaries and {@code run_summary.json}.
   */
  public static ReportResult process(Path runDir, ReportOptions options) throws IOException {
    RunReport report = RunAnalysis.of(runDir, options.windowSeconds());
    GatesXmlWriter.write(report.gates(), report.outcome(), runDir.resolve("gates.xml"));
    JMeterCsvWriter.write(runDir);
    writeTables(report);
    ChartSet drawn = options.charts() ? ChartSet.draw(report) : ChartSet.NONE;
    report = report.withNotes(drawn.failures());
    String zh = ChineseSummary.render(report);
    Path summaryZh = Files.writeString(runDir.resolve("summary_zh.md"), zh, StandardCharsets.UTF_8);
    Path summary = Files.writeString(runDir.resolve("summary.md"), EnglishSummary.render(report, drawn), StandardCharsets.UTF_8);
    RunSummaryJson.of(report, zh).write(runDir);
    HtmlSummaryWriter.write(summary, summaryZh);
    RunTables tables = report.tables();
    return new ReportResult(summary, summaryZh, tables.events(), tables.phaseFailures(), report.notes(), tables,
        report.gates(), report.outcome());
  }

  /** The spec's CSV files, then ours: open-model latency (open model only), the latency breakdown, the server's metrics per phase. */
  private static void writeTables(RunReport report) throws IOException {
    RunTables t = report.tables();
    Path dir = report.dir();
    CsvTables.write(dir.resolve("request_summary.csv"), t.requestSummary());
    CsvTables.write(dir.resolve("request_windows.csv"), t.windows());
    CsvTables.write(dir.resolve("task_summary.csv"), t.taskSummary());
    CsvTables.write(dir.resolve("adapter_comparison.csv"), t.adapterComparison());
    CsvTables.write(dir.resolve("errors.csv"), t.errors());
    if (!t.intendedLatency().isEmpty()) {
      CsvTables.write(dir.resolve(IntendedLatency.FILE), t.intendedLatency());
    }
    CsvTables.write(dir.resolve("latency_breakdown.csv"), report.breakdown().rows());
    ServerMetrics metrics = ServerMetrics.read(dir);
    if (metrics != null) {
      PhaseMetricsTable.write(dir, metrics, report.phases());
    }
  }
}
