package ovload.report.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import ovload.serverside.metrics.ServerMetrics;

/** The server's in-flight requests and queue depth over the run, from its own metrics; drawn under the request-rate charts. */
final class InsideChart {
  private InsideChart() {}

  /** Null when the run has no server metrics. */
  static Charts.Chart draw(Path runDir) throws IOException {
    ServerMetrics m = ServerMetrics.read(runDir);
    if (m == null) {
      return null;
    }
    Charts.headless();
    XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
        .title("Inside the server: in-flight requests and queue depth (its /metrics, every second)")
        .xAxisTitle("seconds since run start").yAxisTitle("requests / pending tasks").build();
    Charts.style(chart.getStyler());
    String[][] series = {{"in-flight requests", "openviking_http_inflight_requests"}, {"queue pending", "openviking_queue_pending"}};
    for (String[] s : series) {
      double[] values = m.gaugeSeries(s[1], l -> true, m.firstEpochMs(), m.lastEpochMs());
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int i = 0; i < values.length; i++) {
        if (!Double.isNaN(values[i])) {
          x.add((double) Math.round((m.firstEpochMs() + i * 1000L - m.runStartEpochMs()) / 1000.0));
          y.add(values[i]);
        }
      }
      if (!x.isEmpty()) {
        XYSeries added = chart.addSeries(s[0], x, y);
        added.setMarker(SeriesMarkers.NONE);
      }
    }
    if (chart.getSeriesMap().isEmpty()) {
      return null;
    }
    return Charts.save(chart, Files.createDirectories(runDir.resolve("charts")), "server-inside", "Server in-flight requests and queue depth");
  }
}
