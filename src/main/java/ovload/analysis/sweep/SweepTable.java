package ovload.analysis.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import ovload.recording.EventRecorder;
import ovload.recording.PhaseRecord;
import ovload.report.model.LatencyList;
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

  public static void write(Path dir, List<String> options, List<Row> rows) throws IOException {
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve(FILE)), CSVFormat.DEFAULT)) {
      List<Object> header = new ArrayList<>(options);
      header.addAll(List.of("rep", "adapter", "phase", "requests", "failures", "error_rate_percent", "wall_seconds",
          "throughput_qps", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "mean_ms", "effective_concurrency"));
      csv.printRecord(header);
      for (Row r : rows) {
        List<Object> record = new ArrayList<>();
        options.forEach(o -> record.add(r.point().get(o)));
        record.addAll(Arrays.asList(r.rep(), r.adapter(), r.phase(), r.requests(), r.failures(), num(r.errorRatePercent()),
            num(r.wallSeconds()), num(r.throughputQps()), num(r.p50Ms()), num(r.p90Ms()), num(r.p95Ms()), num(r.p99Ms()),
            num(r.meanMs()), num(r.effectiveConcurrency())));
        csv.printRecord(record);
      }
    }
  }

  private static String num(Double value) {
    return value == null ? "" : PythonFormat.repr(PythonFormat.round(value, 3));
  }
}
