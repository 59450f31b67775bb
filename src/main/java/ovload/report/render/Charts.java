package ovload.report.render;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.recording.PhaseRecord;
import ovload.report.model.LatencyBreakdown;
import ovload.report.model.RequestStats;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.support.PythonFormat;

/** The summary's pictures, as PNG files under {@code charts/}. Returns what it drew, for the Markdown. */
public final class Charts {
  public record Chart(String title, String file) {}

  public static final int WIDTH = 1000;
  private static final int WIDE = 1250;
  public static final int HEIGHT = 460;

  private Charts() {}

  /**
   * Loads the chart toolkit (AWT, fonts) now: they register JVM shutdown hooks when first used, which
   * fails once the JVM is shutting down, and the report of a run is drawn from a shutdown hook.
   */
  public static void warmUp() {
    headless();
    XYChart chart = new XYChartBuilder().width(64).height(48).build();
    chart.addSeries("warm-up", new double[] {0, 1}, new double[] {0, 1});
    BitmapEncoder.getBufferedImage(chart);
  }

  /** Headless drawing; PNGs encoded in memory (ImageIO's file cache would register a shutdown hook). */
  public static void headless() {
    System.setProperty("java.awt.headless", "true");
    javax.imageio.ImageIO.setUseCache(false);
  }

  /** The summary's charts of the requests and tasks: throughput and p95 over time, distributions, tasks, phases. */
  static List<Chart> draw(RunReport report) throws IOException {
    headless();
    RunTables t = report.tables();
    List<PhaseRecord> phases = report.phases();
    double windowSeconds = report.windowSeconds();
    Path dir = Files.createDirectories(report.dir().resolve("charts"));
    List<Chart> charts = new ArrayList<>();
    for (String op : Operation.COMPARED.stream().map(Operation::wireName).toList()) {
      if (t.series().stream().anyMatch(p -> p.operation().equals(op))) {
        charts.add(windows(dir, t, phases, windowSeconds, op));
      }
    }
    for (String op : Stream.of(Operation.FIND, Operation.ADD_MESSAGE, Operation.ADD_RESOURCE).map(Operation::wireName).toList()) {
      if (t.latencyByAdapterOperation().keySet().stream().anyMatch(k -> k.get(1).equals(op))) {
        charts.add(distribution(dir, t, op));
      }
    }
    if (!t.taskSummary().isEmpty()) {
      charts.add(tasks(dir, t));
    }
    if (t.requestSummary().stream().anyMatch(r -> Phase.MIXED.is(r.scenario()) && Operation.FIND.is(r.operation()))) {
      charts.add(retrievalVsMixed(dir, t));
    }
    return charts;
  }

  /** Throughput (left axis) and p95 (right axis) per window for one operation, phases marked. */
  private static Chart windows(Path dir, RunTables t, List<PhaseRecord> phases, double windowSeconds, String op)
      throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(op + ": throughput and p95 per " + PythonFormat.repr(windowSeconds) + " s window")
        .xAxisTitle("seconds since run start").yAxisTitle("requests / s").build();
    style(chart.getStyler());
    chart.setYAxisGroupTitle(1, "p95 latency (ms)");
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    Set<String> adapters = new LinkedHashSet<>();
    t.series().stream().filter(p -> p.operation().equals(op)).forEach(p -> adapters.add(p.adapter()));
    for (String adapter : adapters) {
      List<Double> x = new ArrayList<>();
      List<Double> qps = new ArrayList<>();
      List<Double> p95 = new ArrayList<>();
      t.series().stream().filter(p -> p.operation().equals(op) && p.adapter().equals(adapter)).forEach(p -> {
        x.add(p.windowIndex() * windowSeconds + windowSeconds / 2);
        qps.add(p.requests() / windowSeconds);
        p95.add(p.p95Ms() == null ? 0.0 : p.p95Ms());
      });
      Color color = colorOf(adapter);
      XYSeries throughput = chart.addSeries(adapter + " req/s", x, qps);
      throughput.setMarker(SeriesMarkers.CIRCLE);
      throughput.setLineColor(color);
      throughput.setMarkerColor(color);
      XYSeries latency = chart.addSeries(adapter + " p95 ms (right)", x, p95);
      latency.setYAxisGroup(1);
      latency.setMarker(SeriesMarkers.DIAMOND);
      latency.setLineColor(color);
      latency.setMarkerColor(color);
      latency.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    }
    markPhases(chart, t, phases, t.series().stream().filter(p -> p.operation().equals(op))
        .mapToDouble(p -> p.requests() / windowSeconds).max().orElse(1));
    return save(chart, dir, "windows-" + op, op + ": throughput and p95 over time");
  }

  /** A dotted line where each phase starts; the timed phases (retrieval, mixed) are labelled. */
  private static void markPhases(XYChart chart, RunTables t, List<PhaseRecord> phases, double top) {
    if (t.runStartEpochMillis() == null) {
      return;
    }
    chart.getStyler().setAnnotationLineColor(new Color(150, 150, 150));
    chart.getStyler().setAnnotationLineStroke(
        new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f));
    chart.getStyler().setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    chart.getStyler().setAnnotationTextFontColor(new Color(90, 90, 90));
    for (PhaseRecord phase : phases) {
      if (phase.scenario().endsWith("_drain") || phase.durationSeconds() < 0.5) {
        continue;
      }
      double x = (Instant.parse(phase.startedAt()).toEpochMilli() - t.runStartEpochMillis()) / 1000.0;
      chart.addAnnotation(new AnnotationLine(x, true, false));
      if (Phase.RETRIEVAL.is(phase.scenario()) || Phase.MIXED.is(phase.scenario())) {
        chart.addAnnotation(new AnnotationText(shortName(phase), x, top * 1.03, false));
      }
    }
  }

  private static final Map<Phase, String> SHORT_NAMES = Map.of(Phase.ADD_RESOURCES, "add",
      Phase.SESSION_MESSAGES, "msgs", Phase.RETRIEVAL, "retr", Phase.SESSION_COMMIT, "commit");

  private static String shortName(PhaseRecord phase) {
    String scenario = Phase.named(phase.scenario()).map(p -> SHORT_NAMES.getOrDefault(p, p.wireName()))
        .orElse(phase.scenario());
    return phase.adapter().replace("cli-subprocess", "sub").replace("cli-http", "http") + ":" + scenario;
  }

  /** Latency CDF per adapter for one operation (all phases): where each adapter's tail begins. */
  private static Chart distribution(Path dir, RunTables t, String op) throws IOException {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(op + ": latency distribution per adapter")
        .xAxisTitle("latency (ms, log scale)").yAxisTitle("percentile").build();
    style(chart.getStyler());
    chart.getStyler().setXAxisLogarithmic(true);
    t.latencyByAdapterOperation().forEach((key, latencies) -> {
      if (!key.get(1).equals(op) || latencies.size() == 0) {
        return;
      }
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int p = 0; p <= 100; p++) {
        x.add(Math.max(0.01, latencies.percentile(p)));
        y.add((double) p);
      }
      XYSeries series = chart.addSeries(key.get(0) + " (n=" + latencies.size() + ")", x, y);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(colorOf(key.get(0)));
    });
    return save(chart, dir, "latency-" + op, op + ": latency distribution per adapter");
  }

  private static Chart tasks(Path dir, RunTables t) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(WIDE).height(HEIGHT)
        .title("Background tasks: time to completion (as polled by the drains, and as the server recorded it)")
        .yAxisTitle("ms (log scale)").build();
    style(chart.getStyler());
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.1);
    Map<String, List<Double>> series = new LinkedHashMap<>();
    List<String> categories = new ArrayList<>();
    for (RunTables.TaskStats row : t.taskSummary()) {
      categories.add(row.adapter() + " " + row.taskType().replace("session_commit", "commit").replace("add_resource", "resource")
          + (row.status().equals("completed") ? "" : " " + row.status()) + " n=" + row.tasks());
      series.computeIfAbsent("p50 as polled", k -> new ArrayList<>()).add(zero(row.p50LocalMs()));
      series.computeIfAbsent("p95 as polled", k -> new ArrayList<>()).add(zero(row.p95LocalMs()));
      series.computeIfAbsent("p50 server", k -> new ArrayList<>()).add(zero(row.p50ServerMs()));
      series.computeIfAbsent("p95 server", k -> new ArrayList<>()).add(zero(row.p95ServerMs()));
    }
    series.forEach((name, values) -> chart.addSeries(name, categories, values));
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    return save(chart, dir, "tasks", "Background task completion time");
  }

  private static Chart retrievalVsMixed(Path dir, RunTables t) throws IOException {
    CategoryChart chart = new CategoryChartBuilder().width(WIDE).height(HEIGHT)
        .title("Retrieval alone vs under mixed load (p50 / p95)").yAxisTitle("ms (log scale)").build();
    style(chart.getStyler());
    chart.getStyler().setYAxisLogarithmic(true);
    chart.getStyler().setYAxisMin(0.1);
    chart.getStyler().setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    List<String> categories = new ArrayList<>();
    Map<String, List<Double>> series = new LinkedHashMap<>();
    for (RequestStats mixed : t.requestSummary()) {
      if (!Phase.MIXED.is(mixed.scenario()) || !(Operation.FIND.is(mixed.operation()) || Operation.SEARCH.is(mixed.operation()))) {
        continue;
      }
      RequestStats alone = t.find(mixed.adapter(), Phase.RETRIEVAL.wireName(), mixed.operation());
      categories.add(mixed.adapter() + " " + mixed.operation());
      series.computeIfAbsent("retrieval p50", k -> new ArrayList<>()).add(zero(alone == null ? null : alone.p50Ms()));
      series.computeIfAbsent("retrieval p95", k -> new ArrayList<>()).add(zero(alone == null ? null : alone.p95Ms()));
      series.computeIfAbsent("mixed p50", k -> new ArrayList<>()).add(zero(mixed.p50Ms()));
      series.computeIfAbsent("mixed p95", k -> new ArrayList<>()).add(zero(mixed.p95Ms()));
    }
    series.forEach((name, values) -> chart.addSeries(name, categories, values));
    return save(chart, dir, "retrieval-vs-mixed", "Retrieval alone vs under mixed load");
  }

  /**
   * Per operation, where the mean request's time goes, alone (retrieval phase) and under mixed load:
   * one stacked bar per adapter and phase. Means, not percentiles, because only means add up to the
   * whole; over the requests that ran one query ({@link LatencyBreakdown.WallClock}), because a
   * search's concurrent queries have summed stages that are no wall-clock parts (the bar then says
   * how many requests it holds). Adapters without server time (cli-subprocess) have nothing to stack.
   */
  static List<Chart> breakdown(RunReport report) throws IOException {
    headless();
    LatencyBreakdown b = report.breakdown();
    List<Chart> charts = new ArrayList<>();
    for (String op : List.of("find", "search")) {
      List<String> categories = new ArrayList<>();
      List<LatencyBreakdown.WallClock> bars = new ArrayList<>();
      for (LatencyBreakdown.Key key : b.keys()) {
        LatencyBreakdown.WallClock wall = b.wallClock(key);
        if (key.operation().equals(op) && (key.scenario().equals(LatencyBreakdown.ALONE) || key.scenario().equals(LatencyBreakdown.MIXED))
            && wall != null && wall.requests() > 0) {
          bars.add(wall);
          categories.add(key.adapter() + (key.scenario().equals(LatencyBreakdown.ALONE) ? " alone" : " mixed")
              + (wall.requests() < wall.ofRequests() ? " (" + wall.requests() + " of " + wall.ofRequests() + ")" : ""));
        }
      }
      if (bars.isEmpty()) {
        continue;
      }
      Set<String> parts = new LinkedHashSet<>(List.of(LatencyBreakdown.CLIENT)); // from the client inward, then the rest
      bars.forEach(w -> w.meansMs().keySet().stream().filter(c -> c.startsWith(LatencyBreakdown.STAGE)).forEach(parts::add));
      parts.add(LatencyBreakdown.OUTSIDE);
      CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
          .title(op + ": where the mean request's time goes, alone vs under mixed load").yAxisTitle("mean ms").build();
      style(chart.getStyler());
      chart.getStyler().setStacked(true);
      for (String part : parts) {
        List<Double> values = bars.stream().map(w -> w.meansMs().getOrDefault(part, 0.0)).toList();
        chart.addSeries(part.startsWith(LatencyBreakdown.STAGE) ? part.substring(LatencyBreakdown.STAGE.length())
            : part.replace('_', ' '), categories, values);
      }
      charts.add(save(chart, Files.createDirectories(report.dir().resolve("charts")), "breakdown-" + op,
          op + ": where the time goes, alone vs mixed"));
    }
    return charts;
  }

  /** One colour per client path across every chart. */
  private static Color colorOf(String adapter) {
    return switch (adapter) {
      case "sdk" -> new Color(31, 119, 180);
      case "cli-http" -> new Color(255, 127, 14);
      case "cli-subprocess" -> new Color(44, 160, 44);
      default -> new Color(148, 103, 189);
    };
  }

  /** A missing value drawn as a hair above zero, which a log axis can show. */
  private static double zero(Double value) {
    return value == null || value <= 0 ? 0.01 : value;
  }

  public static void style(org.knowm.xchart.style.AxesChartStyler styler) {
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotGridLinesColor(new Color(225, 225, 225));
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    styler.setAntiAlias(true);
  }

  public static Chart save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path dir, String name, String title)
      throws IOException {
    BitmapEncoder.saveBitmap(chart, dir.resolve(name).toString(), BitmapEncoder.BitmapFormat.PNG);
    return new Chart(title, "charts/" + name + ".png");
  }
}
