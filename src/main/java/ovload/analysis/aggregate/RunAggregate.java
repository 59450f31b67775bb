package ovload.analysis.aggregate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import ovload.support.PythonFormat;

/**
 * {@code aggregate.json} and {@code aggregate.csv} over several measured runs (their run folders):
 * per adapter, scenario and operation, {@link RunStatistics} of qps, p50, p90, p95 and p99.
 * {@code mvn -q exec:java@aggregate -Dexec.args="--out reports/agg reports/run1 reports/run2 reports/run3"}
 */
public final class RunAggregate {
  static final String[] METRICS = {"qps", "p50_ms", "p90_ms", "p95_ms", "p99_ms"};

  private RunAggregate() {}

  /** Key "adapter\nscenario\noperation" to metric to statistics. */
  public static Map<String, Map<String, RunStatistics>> aggregate(List<Path> runs) throws IOException {
    Map<String, Map<String, List<Double>>> values = new TreeMap<>();
    for (Path run : runs) {
      try (Reader in = Files.newBufferedReader(run.resolve("request_summary.csv"));
          CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        for (CSVRecord r : csv) {
          Map<String, List<Double>> metrics = values.computeIfAbsent(
              r.get("adapter") + "\n" + r.get("scenario") + "\n" + r.get("operation"), k -> new LinkedHashMap<>());
          for (String m : METRICS) {
            if (!r.get(m).isEmpty()) {
              metrics.computeIfAbsent(m, k -> new ArrayList<>()).add(Double.parseDouble(r.get(m)));
            }
          }
        }
      }
    }
    Map<String, Map<String, RunStatistics>> result = new TreeMap<>();
    values.forEach((key, metrics) -> {
      Map<String, RunStatistics> stats = new LinkedHashMap<>();
      metrics.forEach((m, v) -> stats.put(m, RunStatistics.of(v.stream().mapToDouble(Double::doubleValue).toArray())));
      result.put(key, stats);
    });
    return result;
  }

  public static void write(Map<String, Map<String, RunStatistics>> aggregate, List<Path> runs, Path dir) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve("aggregate.csv")), CSVFormat.DEFAULT)) {
      csv.printRecord("adapter", "scenario", "operation", "metric", "runs", "median", "mean", "stddev", "ci95_low",
          "ci95_high", "cv", "min", "max");
      for (Map.Entry<String, Map<String, RunStatistics>> e : aggregate.entrySet()) {
        String[] k = e.getKey().split("\n");
        for (Map.Entry<String, RunStatistics> m : e.getValue().entrySet()) {
          RunStatistics s = m.getValue();
          csv.printRecord(k[0], k[1], k[2], m.getKey(), s.runs(), r(s.median()), r(s.mean()), r(s.stddev()),
              r(s.ci95Low()), r(s.ci95High()), r(s.cv()), r(s.min()), r(s.max()));
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("adapter", k[0]);
          row.put("scenario", k[1]);
          row.put("operation", k[2]);
          row.put("metric", m.getKey());
          row.put("statistics", s);
          rows.add(row);
        }
      }
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("runs", runs.stream().map(Path::toString).toList());
    json.put("rows", rows);
    new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("aggregate.json").toFile(), json);
  }

  private static String r(double value) {
    return PythonFormat.repr(PythonFormat.round(value, 4));
  }
}
