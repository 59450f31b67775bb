package ovload.serverside.metrics;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.csv.CSVPrinter;
import ovload.recording.CsvLog;
import ovload.recording.PhaseRecord;

/**
 * {@code server_metrics_phases.csv}: every series of the server's metrics over every phase of the
 * run: a counter's rate per second, a histogram's p50/p95/p99 over the phase (from its buckets'
 * increase) and its observations per second, a gauge's mean and maximum. Rows that say nothing (a
 * counter that did not move, a histogram with no observation, a gauge at zero) are left out. The last
 * column, {@code bucket}, is filled on a quantile's row when its value is only the bucket's range
 * ({@link HistogramQuantile#onlyBucketRange()}): that bucket as {@code lower..upper}.
 */
public final class PhaseMetricsTable {
  public static final String FILE = "server_metrics_phases.csv";
  private static final double[] QUANTILES = {0.50, 0.95, 0.99};

  private PhaseMetricsTable() {}

  public static void write(Path runDir, ServerMetrics metrics, List<PhaseRecord> phases) throws IOException {
    try (Writer w = Files.newBufferedWriter(runDir.resolve(FILE), StandardCharsets.UTF_8);
        CSVPrinter out = new CSVPrinter(w, CsvLog.FORMAT)) {
      out.printRecord("adapter", "phase", "metric", "labels", "stat", "value", "bucket");
      for (PhaseRecord phase : phases) {
        long from = Instant.parse(phase.startedAt()).toEpochMilli();
        long to = Instant.parse(phase.endedAt()).toEpochMilli();
        double seconds = Math.max(0.001, (to - from) / 1000.0);
        for (String name : metrics.names()) {
          String type = metrics.types().get(name);
          if (name.endsWith("_count") && "histogram".equals(metrics.types().get(family(name)))) {
            histogram(out, phase, metrics, family(name), from, to, seconds);
          } else if ("counter".equals(type) || (type == null && name.endsWith("_total"))) {
            for (ServerMetrics.Series s : metrics.series(name)) {
              double inc = metrics.increase(name, s.labels()::equals, from, to);
              if (inc > 0) {
                out.printRecord(phase.adapter(), phase.scenario(), name, s.labelText(), "rate_per_sec", round(inc / seconds), "");
              }
            }
          } else if ("gauge".equals(type)) {
            for (ServerMetrics.Series s : metrics.series(name)) {
              ServerMetrics.GaugeStats g = metrics.gauge(name, s.labels()::equals, from, to);
              if (g != null && g.max() != 0) {
                out.printRecord(phase.adapter(), phase.scenario(), name, s.labelText(), "mean", round(g.mean()), "");
                out.printRecord(phase.adapter(), phase.scenario(), name, s.labelText(), "max", round(g.max()), "");
              }
            }
          }
        }
      }
    }
  }

  private static void histogram(CSVPrinter out, PhaseRecord phase, ServerMetrics metrics, String family, long from, long to,
      double seconds) throws IOException {
    for (ServerMetrics.Series s : metrics.series(family + "_count")) {
      double count = metrics.increase(family + "_count", s.labels()::equals, from, to);
      if (count <= 0) {
        continue;
      }
      out.printRecord(phase.adapter(), phase.scenario(), family, s.labelText(), "rate_per_sec", round(count / seconds), "");
      for (double q : QUANTILES) {
        HistogramQuantile v = metrics.quantile(family, l -> sameBesidesLe(l, s.labels()), q, from, to);
        if (v != null) {
          out.printRecord(phase.adapter(), phase.scenario(), family, s.labelText(), "p" + Math.round(q * 100), round(v.value()),
              v.onlyBucketRange() ? bound(v.lower()) + ".." + bound(v.upper()) : "");
        }
      }
    }
  }

  static boolean sameBesidesLe(Map<String, String> bucket, Map<String, String> series) {
    if (bucket.size() != series.size() + 1) {
      return false;
    }
    for (Map.Entry<String, String> e : series.entrySet()) {
      if (!Objects.equals(bucket.get(e.getKey()), e.getValue())) {
        return false;
      }
    }
    return true;
  }

  private static String family(String name) {
    return name.substring(0, name.lastIndexOf('_'));
  }

  /** A bucket bound as the server writes {@code le}: plain digits, {@code +Inf}. */
  static String bound(double v) {
    return Double.isInfinite(v) ? (v > 0 ? "+Inf" : "-Inf") : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static String round(double v) {
    return String.format(java.util.Locale.ROOT, "%.6g", v);
  }
}
