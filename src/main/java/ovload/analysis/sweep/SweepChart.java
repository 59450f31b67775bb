package ovload.analysis.sweep;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import ovload.report.render.Charts;

/** {@code charts/sweep.png}, in the run charts' style. */
final class SweepChart {
  private SweepChart() {}

  /**
   * A sweep: throughput (left axis, solid) and p95 (right axis, dashed) against the first swept
   * option, one colour per curve; a dotted line at each curve's saturation knee.
   */
  static void draw(Path dir, String option, String phase, List<SweepReport.Curve> curves) throws IOException {
    Charts.headless();
    XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
        .title(phase + ": throughput and p95 against " + option + " (medians across repetitions)")
        .xAxisTitle(option).yAxisTitle("throughput (requests/s)").build();
    Charts.style(chart.getStyler());
    chart.setYAxisGroupTitle(1, "p95 latency (ms)");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    // doubling sweeps (1, 2, 4 ... 64) read best on a base-2 log axis, labelled with the values themselves
    double[] xs = curves.stream().flatMap(c -> c.points().stream()).mapToDouble(Saturation.Point::x).toArray();
    double min = Arrays.stream(xs).min().orElse(0);
    boolean log2 = min > 0 && Arrays.stream(xs).max().orElse(0) / min >= 8;
    DoubleUnaryOperator position = log2 ? v -> Math.log(v) / Math.log(2) : v -> v;
    if (log2) {
      chart.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v - Math.rint(v)) < 1e-9
          ? SweepReport.number(Math.pow(2, Math.rint(v))) : "");
      chart.setXAxisTitle(option + " (log scale)");
    }
    chart.getStyler().setAnnotationLineColor(new Color(150, 150, 150));
    chart.getStyler().setAnnotationLineStroke(
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
    Color[] palette = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44), new Color(148, 103, 189),
      new Color(255, 127, 14), new Color(140, 86, 75)};
    for (int i = 0; i < curves.size(); i++) {
      SweepReport.Curve c = curves.get(i);
      double[] x = c.points().stream().mapToDouble(p -> position.applyAsDouble(p.x())).toArray();
      Color color = palette[i % palette.length];
      XYSeries qps = chart.addSeries(c.name() + " req/s", x, c.points().stream().mapToDouble(Saturation.Point::throughputQps).toArray());
      qps.setLineColor(color);
      qps.setMarkerColor(color);
      XYSeries p95 = chart.addSeries(c.name() + " p95 ms", x, c.points().stream().mapToDouble(Saturation.Point::p95Ms).toArray());
      p95.setYAxisGroup(1);
      p95.setLineColor(color);
      p95.setMarkerColor(color);
      p95.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
      c.knee().ifPresent(k -> chart.addAnnotation(new AnnotationLine(position.applyAsDouble(k.at().x()), true, false)));
    }
    Charts.save(chart, Files.createDirectories(dir.resolve("charts")), "sweep", "sweep");
  }
}
