package ovload.report.render;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import ovload.recording.ServerQueuesFile;

/**
 * The charts of what was sampled beside the requests, once a second: the load generator's and the
 * target's resources ({@code resources.csv}) and the server's queues ({@code server_queues.csv}).
 */
final class SampleCharts {
  private SampleCharts() {}

  /** The resource samples over time: generator and target CPU (left), heap and queue backlog (right). */
  static Charts.Chart resources(Path runDir) throws IOException {
    Charts.headless();
    List<String> lines = Files.readAllLines(runDir.resolve("resources.csv"));
    XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT).title("Load generator and target, sampled every second")
        .xAxisTitle("seconds since run start").yAxisTitle("CPU (% of the machine)").build();
    Charts.style(chart.getStyler());
    chart.setYAxisGroupTitle(1, "heap MiB / queued tasks");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    String[][] series = {{"generator CPU %", "2", "0"}, {"target CPU %", "8", "0"}, {"generator heap MiB", "3", "1"},
      {"queue pending", "12", "1"}};
    for (String[] s : series) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        String cell = cells[Integer.parseInt(s[1])];
        if (!cell.isEmpty()) {
          x.add(Double.parseDouble(cells[0]));
          y.add(Double.parseDouble(cell));
        }
      }
      if (!x.isEmpty()) {
        XYSeries added = chart.addSeries(s[0], x, y);
        added.setMarker(SeriesMarkers.NONE);
        added.setYAxisGroup(Integer.parseInt(s[2]));
      }
    }
    return Charts.save(chart, Files.createDirectories(runDir.resolve("charts")), "resources", "Load generator and target resources");
  }

  /**
   * One chart per server queue that moved: pending and in progress (left axis), and the growth of
   * processed, requeued and errors since the run's first sample (right axis), from {@code server_queues.csv}.
   */
  static List<Charts.Chart> serverQueues(Path runDir, List<String> queues) throws IOException {
    Charts.headless();
    List<String> lines = Files.readAllLines(runDir.resolve(ServerQueuesFile.FILE));
    List<Charts.Chart> charts = new ArrayList<>();
    String[] names = {"pending", "in progress", "processed", "requeued", "errors"};
    for (String queue : queues) {
      XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
          .title("Server queue " + queue + " (the server's observer, sampled every second)")
          .xAxisTitle("seconds since run start").yAxisTitle("messages pending / in progress").build();
      Charts.style(chart.getStyler());
      chart.setYAxisGroupTitle(1, "processed / requeued / errors since the run began");
      chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
      List<Double> x = new ArrayList<>();
      List<List<Double>> y = new ArrayList<>();
      for (int i = 0; i < names.length; i++) {
        y.add(new ArrayList<>());
      }
      double[] first = null;
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", -1);
        if (cells.length < 8 || !cells[2].equals(queue)) {
          continue;
        }
        double[] values = new double[names.length];
        for (int i = 0; i < names.length; i++) {
          values[i] = cells[3 + i].isEmpty() ? 0 : Double.parseDouble(cells[3 + i]);
        }
        if (first == null) {
          first = values.clone();
        }
        x.add(Double.parseDouble(cells[0]));
        for (int i = 0; i < names.length; i++) {
          y.get(i).add(i < 2 ? values[i] : values[i] - first[i]);
        }
      }
      if (x.isEmpty()) {
        continue;
      }
      for (int i = 0; i < names.length; i++) {
        XYSeries added = chart.addSeries(names[i], x, y.get(i));
        added.setMarker(SeriesMarkers.NONE);
        added.setYAxisGroup(i < 2 ? 0 : 1);
      }
      charts.add(Charts.save(chart, Files.createDirectories(runDir.resolve("charts")),
          "server_queue_" + queue.replaceAll("[^A-Za-z0-9_-]", "_"), "Server queue " + queue));
    }
    return charts;
  }
}
