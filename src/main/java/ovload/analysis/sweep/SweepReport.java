package ovload.analysis.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import ovload.analysis.aggregate.RunStatistics;
import ovload.report.render.HtmlSummaryWriter;

/**
 * A sweep's outputs in its base folder: {@code sweep.csv}, {@code sweep.md} (medians across
 * repetitions per point, and where each curve saturates) and {@code charts/sweep.png} (throughput
 * and p95 against the first swept option; one curve per adapter and value of the second option).
 */
public final class SweepReport {
  /** A curve's points (medians across repetitions) and its knee, if any. */
  public record Curve(String name, List<Saturation.Point> points, Optional<Saturation.Knee> knee) {}

  private SweepReport() {}

  public static List<Curve> write(Path dir, List<String> options, String phase, List<SweepTable.Measured> runs)
      throws IOException {
    List<SweepTable.Row> rows = SweepTable.rows(runs, phase);
    SweepTable.write(dir, options, rows);
    List<Curve> curves = curves(options, rows);
    SweepChart.draw(dir, options.get(0), phase, curves);
    HtmlSummaryWriter.write(Files.writeString(dir.resolve("sweep.md"), markdown(options, phase, runs.size(), curves), StandardCharsets.UTF_8));
    return curves;
  }

  /** Rows grouped by adapter and the second option's value, the first option's values in numeric order. */
  static List<Curve> curves(List<String> options, List<SweepTable.Row> rows) {
    Map<String, Map<Double, List<SweepTable.Row>>> grouped = new LinkedHashMap<>();
    for (SweepTable.Row r : rows) {
      String name = r.adapter() + (options.size() > 1 ? " " + options.get(1) + "=" + r.point().get(options.get(1)) : "");
      grouped.computeIfAbsent(name, k -> new java.util.TreeMap<>())
          .computeIfAbsent(Double.parseDouble(r.point().get(options.get(0))), k -> new ArrayList<>()).add(r);
    }
    List<Curve> curves = new ArrayList<>();
    grouped.forEach((name, byX) -> {
      List<Saturation.Point> points = new ArrayList<>();
      byX.forEach((x, reps) -> points.add(new Saturation.Point(x,
          median(reps.stream().mapToDouble(SweepTable.Row::throughputQps).toArray()),
          median(reps.stream().filter(r -> r.p95Ms() != null).mapToDouble(SweepTable.Row::p95Ms).toArray()))));
      points.sort(Comparator.comparingDouble(Saturation.Point::x));
      curves.add(new Curve(name, points, Saturation.knee(points)));
    });
    return curves;
  }

  private static double median(double[] values) {
    return values.length == 0 ? 0 : RunStatistics.of(values).median();
  }

  static String markdown(List<String> options, String phase, int runs, List<Curve> curves) {
    StringBuilder md = new StringBuilder("# Sweep of " + String.join(" x ", options) + "\n\n");
    md.append(runs).append(" measured runs; figures are the ").append(phase)
        .append(" phase's, medians across repetitions (every repetition is a row of `sweep.csv`).\n\n");
    md.append("![throughput and p95](charts/sweep.png)\n\n");
    for (Curve c : curves) {
      md.append("## ").append(c.name()).append("\n\n");
      md.append(c.knee().map(k -> String.format(Locale.ROOT,
          "Saturates at %s=%s: the next step (%s) added %+.0f %% throughput (elasticity %.2f) while p95 rose %+.0f %%.",
          options.get(0), number(k.at().x()), number(k.next().x()), 100 * k.throughputGain(), k.elasticity(),
          100 * k.p95Rise()))
          .orElse("No saturation within the swept range: every step's throughput grew at least "
              + Saturation.MIN_ELASTICITY + " times as fast as " + options.get(0) + ", or p95 did not rise faster."));
      md.append("\n\n| ").append(options.get(0)).append(" | throughput (req/s) | p95 (ms) |\n|---:|---:|---:|\n");
      for (Saturation.Point p : c.points()) {
        md.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f |%n", number(p.x()), p.throughputQps(), p.p95Ms()));
      }
      md.append('\n');
    }
    return md.toString();
  }

  public static String number(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
