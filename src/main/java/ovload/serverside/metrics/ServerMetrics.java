package ovload.serverside.metrics;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import ovload.support.Json;

/**
 * {@code server_metrics.csv} read back: every series as its value over time (the last value carried
 * forward, as the scraper writes a row only on a change), and what a window of the run saw of it: a
 * counter's increase, a histogram's quantile from its buckets' increase ({@link HistogramQuantile}),
 * a gauge's mean and maximum. Series of one name are summed over the labels a predicate selects.
 */
public final class ServerMetrics {
  /** A gauge over a window: its time-weighted mean (sampled each second) and its maximum. */
  public record GaugeStats(double mean, double max) {}

  /** One series: a metric name and its labels. */
  public record Series(String name, Map<String, String> labels, String labelText) {}

  private final Map<String, Map<String, TreeMap<Long, Double>>> byName;
  private final Map<String, Map<String, String>> labelsOf = new LinkedHashMap<>();
  private final Map<String, String> types;
  private final long runStartEpochMs;
  private final long firstEpochMs;
  private final long lastEpochMs;

  private ServerMetrics(Map<String, Map<String, TreeMap<Long, Double>>> byName, Map<String, String> types, long runStartEpochMs,
      long firstEpochMs, long lastEpochMs) {
    this.byName = byName;
    this.types = types;
    this.runStartEpochMs = runStartEpochMs;
    this.firstEpochMs = firstEpochMs;
    this.lastEpochMs = lastEpochMs;
  }

  /** The run folder's metrics, or null when it has none (the scrape was off). */
  public static ServerMetrics read(Path runDir) throws IOException {
    Path file = runDir.resolve(MetricsScraper.FILE);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    Map<String, Map<String, TreeMap<Long, Double>>> byName = new LinkedHashMap<>();
    long runStart = Long.MIN_VALUE;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        long at = Instant.parse(r.get("timestamp")).toEpochMilli();
        if (runStart == Long.MIN_VALUE) {
          runStart = at - Math.round(Double.parseDouble(r.get("elapsed_sec")) * 1000);
        }
        first = Math.min(first, at);
        last = Math.max(last, at);
        byName.computeIfAbsent(r.get("metric"), k -> new LinkedHashMap<>())
            .computeIfAbsent(r.get("labels"), k -> new TreeMap<>())
            .put(at, PromText.value(r.get("value")));
      }
    }
    Path typesFile = runDir.resolve(MetricsScraper.TYPES_FILE);
    Map<String, String> types = Files.isRegularFile(typesFile)
        ? Json.MAPPER.readValue(typesFile.toFile(), new TypeReference<Map<String, String>>() {})
        : Map.of();
    return new ServerMetrics(byName, types, runStart == Long.MIN_VALUE ? 0 : runStart, first, last);
  }

  /** Each family's type as the server declared it ({@code counter}, {@code gauge}, {@code histogram}, ...). */
  public Map<String, String> types() {
    return types;
  }

  /** Every series of a metric name (a histogram's {@code x_bucket} too). */
  public List<Series> series(String name) {
    List<Series> out = new ArrayList<>();
    for (String text : byName.getOrDefault(name, Map.of()).keySet()) {
      out.add(new Series(name, labels(text), text));
    }
    return out;
  }

  /** The run's start (its elapsed time's zero) and the first and last scrape, in epoch milliseconds. */
  public long runStartEpochMs() {
    return runStartEpochMs;
  }

  public long firstEpochMs() {
    return firstEpochMs;
  }

  public long lastEpochMs() {
    return lastEpochMs;
  }

  /** Every metric name the file holds, in the order first seen. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  private Map<String, String> labels(String text) {
    return labelsOf.computeIfAbsent(text,
        t -> t.isEmpty() ? Map.of() : PromText.parse("x{" + t + "} 0").samples().get(0).labels());
  }

  /** The value at a moment: the last row at or before it; null before the series' first row. */
  private static Double at(TreeMap<Long, Double> points, long epochMs) {
    Map.Entry<Long, Double> e = points.floorEntry(epochMs);
    return e == null ? null : e.getValue();
  }

  /** How much a counter (summed over the selected series) grew in [from, to]; a series born inside counts from 0. */
  public double increase(String name, Predicate<Map<String, String>> select, long from, long to) {
    double total = 0;
    for (Map.Entry<String, TreeMap<Long, Double>> e : byName.getOrDefault(name, Map.of()).entrySet()) {
      if (!select.test(labels(e.getKey()))) {
        continue;
      }
      Double end = at(e.getValue(), to);
      Double start = at(e.getValue(), from);
      if (end != null) {
        total += Math.max(0, end - (start == null ? 0 : start));
      }
    }
    return total;
  }

  /** A histogram's q-quantile over [from, to] (with its bucket) from its buckets' increase, summed over the selected series; null with no observation. */
  public HistogramQuantile quantile(String histogram, Predicate<Map<String, String>> select, double q, long from, long to) {
    Map<Double, Double> byBound = new TreeMap<>();
    for (Map.Entry<String, TreeMap<Long, Double>> e : byName.getOrDefault(histogram + "_bucket", Map.of()).entrySet()) {
      Map<String, String> labels = labels(e.getKey());
      String le = labels.get("le");
      if (le == null || !select.test(labels)) {
        continue;
      }
      Double end = at(e.getValue(), to);
      Double start = at(e.getValue(), from);
      double inc = end == null ? 0 : Math.max(0, end - (start == null ? 0 : start));
      byBound.merge(PromText.value(le), inc, Double::sum);
    }
    List<HistogramQuantile.Bucket> buckets = new ArrayList<>();
    byBound.forEach((bound, count) -> buckets.add(new HistogramQuantile.Bucket(bound, count)));
    return HistogramQuantile.of(q, buckets);
  }

  /** A histogram's mean over [from, to] ({@code _sum} increase over {@code _count} increase); null with no observation. */
  public Double mean(String histogram, Predicate<Map<String, String>> select, long from, long to) {
    double count = increase(histogram + "_count", select, from, to);
    return count <= 0 ? null : increase(histogram + "_sum", select, from, to) / count;
  }

  /** A gauge summed over the selected series, read each second of [from, to]; null when no series was there. */
  public GaugeStats gauge(String name, Predicate<Map<String, String>> select, long from, long to) {
    List<TreeMap<Long, Double>> chosen = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, Double>> e : byName.getOrDefault(name, Map.of()).entrySet()) {
      if (select.test(labels(e.getKey()))) {
        chosen.add(e.getValue());
      }
    }
    double sum = 0;
    double max = Double.NEGATIVE_INFINITY;
    int n = 0;
    for (long t = from; t <= to; t += 1000) {
      double value = 0;
      boolean any = false;
      for (TreeMap<Long, Double> points : chosen) {
        Double v = at(points, t);
        if (v != null) {
          value += v;
          any = true;
        }
      }
      if (any) {
        sum += value;
        max = Math.max(max, value);
        n++;
      }
    }
    return n == 0 ? null : new GaugeStats(sum / n, max);
  }

  /** A gauge summed over the selected series at each second of [from, to], for a chart; NaN where no series was there. */
  public double[] gaugeSeries(String name, Predicate<Map<String, String>> select, long from, long to) {
    int n = (int) Math.max(0, (to - from) / 1000 + 1);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      GaugeStats s = gauge(name, select, from + i * 1000L, from + i * 1000L);
      out[i] = s == null ? Double.NaN : s.mean();
    }
    return out;
  }
}
