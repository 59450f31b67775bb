package ovload.report.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovload.recording.PhaseRecord;
import ovload.recording.RunOutcome;
import ovload.recording.ServerQueueDrain;
import ovload.report.gates.GateResult;

/**
 * Everything the post-processor found in one run folder, built once ({@code ovload.report.RunAnalysis})
 * and read by every renderer: the Markdown summaries, the HTML pages, the charts, the CSV files and
 * {@code run_summary.json}. A new finding is a component here and a line in the renderers that show it.
 *
 * @param dir the run folder, where every file is written
 * @param notes what the reader must know about the figures, in the order they were found
 * @param windowSeconds the window of {@code request_windows.csv} and the throughput charts
 * @param gatlingStats Gatling's own figures per request name; null without a Gatling report
 * @param reconciliation Gatling's request counts against ours; empty without a Gatling report
 * @param gatlingReport the link to Gatling's HTML report from the run folder; null without one
 * @param resources null without resource samples
 * @param models null without the mock model provider's stats
 * @param queues null without server queue samples
 * @param queueDrain null when the run did not wait for the server's queues
 * @param inside the server's own metrics and profiles; null when the run had neither
 */
public record RunReport(
    Path dir,
    RunInfo run,
    List<String> notes,
    List<PhaseRecord> phases,
    double windowSeconds,
    RunTables tables,
    LatencyBreakdown breakdown,
    Map<String, GatlingStats.Summary> gatlingStats,
    List<GatlingStats.Reconciliation> reconciliation,
    String gatlingReport,
    List<GateResult> gates,
    ResourceFindings resources,
    ModelFindings models,
    QueueFindings queues,
    ServerQueueDrain queueDrain,
    RunOutcome outcome,
    InsideFindings inside) {

  /** The same report with notes found while rendering it (a chart that could not be drawn). */
  public RunReport withNotes(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new RunReport(dir, run, List.copyOf(all), phases, windowSeconds, tables, breakdown, gatlingStats,
        reconciliation, gatlingReport, gates, resources, models, queues, queueDrain, outcome, inside);
  }
}
