package ovload.report.render;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import ovload.report.model.RunReport;

/**
 * The pictures drawn for one report: the summary's charts, the breakdown section's, and a note for
 * each group that could not be drawn (a headless JVM without fonts), which the report then carries.
 */
public record ChartSet(List<Charts.Chart> charts, List<Charts.Chart> breakdown, List<String> failures) {
  public static final ChartSet NONE = new ChartSet(List.of(), List.of(), List.of());

  public static ChartSet draw(RunReport r) throws IOException {
    List<String> failures = new ArrayList<>();
    List<Charts.Chart> charts = new ArrayList<>();
    try {
      charts = Charts.draw(r);
      Charts.Chart inside = InsideChart.draw(r.dir());
      if (inside != null) {
        // right under the request-rate charts (windows-<operation>), which come first
        charts.add((int) charts.stream().filter(c -> c.file().startsWith("charts/windows-")).count(), inside);
      }
      if (r.resources() != null) {
        charts.add(SampleCharts.resources(r.dir()));
      }
      if (r.queues() != null) {
        charts.addAll(SampleCharts.serverQueues(r.dir(), r.queues().moved()));
      }
    } catch (RuntimeException | LinkageError e) {
      failures.add("charts could not be drawn: " + e);
    }
    List<Charts.Chart> breakdown = List.of();
    try {
      breakdown = Charts.breakdown(r);
    } catch (RuntimeException | LinkageError e) {
      failures.add("the breakdown charts could not be drawn: " + e);
    }
    return new ChartSet(List.copyOf(charts), breakdown, List.copyOf(failures));
  }
}
