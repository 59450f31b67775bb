package ovload.analysis.aggregate;

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
import org.apache.commons.csv.CSVRecord;
import ovload.analysis.CsvTable;
import ovload.analysis.CsvTable.Column;
import ovload.support.Json;
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

  /** {@code aggregate.json}: the runs aggregated, and a row per figure. */
  public record AggregateJson(List<String> runs, List<Row> rows) {}

  /** One figure of one operation across the runs. */
  public record Row(String adapter, String scenario, String operation, String metric, RunStatistics statistics) {}

  private static final CsvTable<Row> CSV = new CsvTable<>(List.of(new Column<>("adapter", Row::adapter),
      new Column<>("scenario", Row::scenario), new Column<>("operation", Row::operation), new Column<>("metric", Row::metric),
      new Column<>("runs", row -> row.statistics().runs()), new Column<>("median", row -> rounded(row.statistics().median())),
      new Column<>("mean", row -> rounded(row.statistics().mean())), new Column<>("stddev", row -> rounded(row.statistics().stddev())),
      new Column<>("ci95_low", row -> rounded(row.statistics().ci95Low())), new Column<>("ci95_high", row -> rounded(row.statistics().ci95High())),
      new Column<>("cv", row -> rounded(row.statistics().cv())), new Column<>("min", row -> rounded(row.statistics().min())),
      new Column<>("max", row -> rounded(row.statistics().max()))));

  /** {@code aggregate.csv} and {@code aggregate.json}, a row per figure of each operation. */
  public static void write(Map<String, Map<String, RunStatistics>> aggregate, List<Path> runs, Path dir) throws IOException {
    List<Row> rows = new ArrayList<>();
    aggregate.forEach((key, metrics) -> {
      String[] k = key.split("\n");
      metrics.forEach((metric, statistics) -> rows.add(new Row(k[0], k[1], k[2], metric, statistics)));
    });
    CSV.write(dir.resolve("aggregate.csv"), rows);
    Json.PRETTY.writeValue(dir.resolve("aggregate.json").toFile(), new AggregateJson(runs.stream().map(Path::toString).toList(), rows));
  }

  private static String rounded(double value) {
    return PythonFormat.repr(PythonFormat.round(value, 4));
  }
}
