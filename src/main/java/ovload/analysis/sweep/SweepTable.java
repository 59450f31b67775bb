package ovload.analysis.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.analysis.CsvTable;
import ovload.analysis.CsvTable.Column;
import ovload.recording.EventRecorder;
import ovload.recording.PhaseRecord;
import ovload.stats.LatencyList;
import ovload.support.Json;
import ovload.support.PythonFormat;

/**
 * {@code sweep.csv}: one row per sweep point, repetition and adapter, measuring the phase the sweep
 * drives. Throughput is the phase's requests over its wall time; effective concurrency is the
 * phase's summed latency over its wall time (Little's law: how many requests were in flight on
 * average, which stops following the configured concurrency once the server queues).
 */
public final class SweepTable {
  /** One measured run of the sweep: its point (option to value), repetition and folder. */
  public record Measured(Map<String, String> point, int rep, Path runDir) {}

  public record Row(Map<String, String> point, int rep, String adapter, String phase, long requests, long failures,
      double wallSeconds, double throughputQps, Double p50Ms, Double p90Ms, Double p95Ms, Double p99Ms, Double meanMs,
      double effectiveConcurrency) {
    public double errorRatePercent() {
      return requests == 0 ? 0 : 100.0 * failures / requests;
    }
  }

  public static final String FILE = "sweep.csv";

  private SweepTable() {}

  public static List<Row> rows(List<Measured> runs, String phase) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (Measured run : runs) {
      Map<String, Double> wall = new LinkedHashMap<>();
      Path phasesFile = run.runDir().resolve("phases.json");
      if (Files.exists(phasesFile)) {
        for (PhaseRecord p : Json.MAPPER.readValue(phasesFile.toFile(), PhaseRecord[].class)) {
          if (p.scenario().equals(phase)) {
            wall.put(p.adapter(), p.durationSeconds());
          }
        }
      }
      Map<String, LatencyList> latencies = new LinkedHashMap<>();
      Map<String, Long> failures = new LinkedHashMap<>();
      try (BufferedReader in = Files.newBufferedReader(run.runDir().resolve(EventRecorder.REQUEST_EVENTS), StandardCharsets.UTF_8)) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          JsonNode e = Json.MAPPER.readTree(line);
          if (!phase.equals(e.path("scenario").asText())) {
            continue;
          }
          String adapter = e.path("adapter").asText();
          latencies.computeIfAbsent(adapter, a -> new LatencyList()).add(e.path("latency_ms").asDouble());
          failures.merge(adapter, e.path("success").asBoolean() ? 0L : 1L, Long::sum);
        }
      }
      latencies.forEach((adapter, l) -> {
        int n = l.size();
        double seconds = Math.max(wall.getOrDefault(adapter, 0.0), 1e-9);
        rows.add(new Row(run.point(), run.rep(), adapter, phase, n, failures.get(adapter), seconds, n / seconds,
            l.percentile(50), l.percentile(90), l.percentile(95), l.percentile(99), l.sum() / n, l.sum() / 1000.0 / seconds));
      });
    }
    return rows;
  }

  /** {@code sweep.csv}: a column per swept option, then the row's figures. */
  public static void write(Path dir, List<String> options, List<Row> rows) throws IOException {
    List<Column<Row>> columns = new ArrayList<>();
    options.forEach(o -> columns.add(new Column<>(o, r -> r.point().get(o))));
    columns.addAll(List.of(new Column<>("rep", Row::rep), new Column<>("adapter", Row::adapter),
        new Column<>("phase", Row::phase), new Column<>("requests", Row::requests), new Column<>("failures", Row::failures),
        new Column<>("error_rate_percent", r -> num(r.errorRatePercent())), new Column<>("wall_seconds", r -> num(r.wallSeconds())),
        new Column<>("throughput_qps", r -> num(r.throughputQps())), new Column<>("p50_ms", r -> num(r.p50Ms())),
        new Column<>("p90_ms", r -> num(r.p90Ms())), new Column<>("p95_ms", r -> num(r.p95Ms())),
        new Column<>("p99_ms", r -> num(r.p99Ms())), new Column<>("mean_ms", r -> num(r.meanMs())),
        new Column<>("effective_concurrency", r -> num(r.effectiveConcurrency()))));
    new CsvTable<>(columns).write(dir.resolve(FILE), rows);
  }

  private static String num(Double value) {
    return value == null ? "" : PythonFormat.repr(PythonFormat.round(value, 3));
  }
}
