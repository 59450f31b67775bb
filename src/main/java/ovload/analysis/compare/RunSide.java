package ovload.analysis.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import ovload.recording.RequestEvent;
import ovload.stats.Percentiles;
import ovload.support.Json;

/**
 * One side of a compare, read from disk. A run folder gives each row's figures from
 * {@code request_summary.csv} and, to describe, every request latency of the row from
 * {@code request_events.jsonl} (all requests, as the summary's percentiles take them; {@code ALL}
 * rows pool the adapter's phases). A plan of repeated runs ({@code -Druns}: a folder with
 * {@code aggregate.json}) gives each figure's median across its measured runs and, to test, the
 * row's p50 and p95 of each run: then the unit of evidence is the run, not the request.
 *
 * <p>Rows are keyed "adapter\nscenario\noperation".
 */
record RunSide(Path dir, boolean acrossRuns, int runCount, Map<String, Map<String, Double>> summary,
    Map<String, double[]> requests, Map<String, double[]> runP50s, Map<String, double[]> runP95s, Set<String> failureClasses) {

  static final String[] FIGURES = {"requests", "qps", "p50_ms", "p95_ms", "p99_ms", "failure_rate"};

  /** Throws IllegalArgumentException, naming the fix, for a folder that is neither a run nor a plan. */
  static RunSide read(Path dir) throws IOException {
    if (Files.exists(dir.resolve("request_summary.csv"))) {
      return new RunSide(dir, false, 1, summary(dir), latencies(dir), Map.of(), Map.of(), failureClasses(dir));
    }
    if (Files.exists(dir.resolve("aggregate.json"))) {
      List<Path> runs = measuredRuns(dir);
      Map<String, Map<String, List<Double>>> figures = new TreeMap<>();
      Set<String> failures = new TreeSet<>();
      for (Path run : runs) {
        summary(run).forEach((key, values) -> values.forEach((figure, v) -> {
          if (v != null) {
            figures.computeIfAbsent(key, k -> new LinkedHashMap<>()).computeIfAbsent(figure, f -> new ArrayList<>()).add(v);
          }
        }));
        failures.addAll(failureClasses(run));
      }
      Map<String, Map<String, Double>> medians = new TreeMap<>();
      Map<String, double[]> p50s = new TreeMap<>();
      Map<String, double[]> p95s = new TreeMap<>();
      figures.forEach((key, values) -> {
        Map<String, Double> row = new LinkedHashMap<>();
        for (String figure : FIGURES) {
          List<Double> v = values.get(figure);
          row.put(figure, v == null ? null : median(v));
        }
        medians.put(key, row);
        if (values.containsKey("p50_ms") && values.containsKey("p95_ms")) {
          p50s.put(key, values.get("p50_ms").stream().mapToDouble(Double::doubleValue).toArray());
          p95s.put(key, values.get("p95_ms").stream().mapToDouble(Double::doubleValue).toArray());
        }
      });
      return new RunSide(dir, true, runs.size(), medians, Map.of(), p50s, p95s, failures);
    }
    throw new IllegalArgumentException(dir + " has neither request_summary.csv (a run: regenerate it with exec:java@report)"
        + " nor aggregate.json (a plan of -Druns runs)");
  }

  /** The measured runs an aggregate names, as written (relative to the working folder) or inside the plan folder. */
  private static List<Path> measuredRuns(Path dir) throws IOException {
    List<Path> runs = new ArrayList<>();
    for (JsonNode run : Json.MAPPER.readTree(dir.resolve("aggregate.json").toFile()).path("runs")) {
      Path given = Path.of(run.asText());
      Path found = Files.exists(given.resolve("request_summary.csv")) ? given : dir.resolve(given.getFileName());
      if (!Files.exists(found.resolve("request_summary.csv"))) {
        throw new IllegalArgumentException(dir + "/aggregate.json names " + given + ", which has no request_summary.csv");
      }
      runs.add(found);
    }
    if (runs.size() < 2) {
      throw new IllegalArgumentException(dir + "/aggregate.json names fewer than two runs");
    }
    return runs;
  }

  private static Map<String, Map<String, Double>> summary(Path run) throws IOException {
    Map<String, Map<String, Double>> rows = new TreeMap<>();
    for (CSVRecord r : records(run.resolve("request_summary.csv"))) {
      Map<String, Double> values = new LinkedHashMap<>();
      double requests = Double.parseDouble(r.get("requests"));
      values.put("requests", requests);
      for (String figure : List.of("qps", "p50_ms", "p95_ms", "p99_ms")) {
        values.put(figure, r.get(figure).isEmpty() ? null : Double.parseDouble(r.get(figure)));
      }
      values.put("failure_rate", requests == 0 ? 0 : Double.parseDouble(r.get("failures")) * 100 / requests);
      rows.put(r.get("adapter") + "\n" + r.get("scenario") + "\n" + r.get("operation"), values);
    }
    return rows;
  }

  private static Map<String, double[]> latencies(Path run) throws IOException {
    Map<String, List<Double>> byRow = new TreeMap<>();
    Path events = run.resolve("request_events.jsonl");
    if (Files.exists(events)) {
      try (MappingIterator<RequestEvent> it = Json.MAPPER.readerFor(RequestEvent.class).readValues(events.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          for (String scenario : List.of(e.scenario(), "ALL")) {
            byRow.computeIfAbsent(e.adapter() + "\n" + scenario + "\n" + e.operation(), k -> new ArrayList<>()).add(e.latencyMs());
          }
        }
      }
    }
    Map<String, double[]> samples = new TreeMap<>();
    byRow.forEach((key, v) -> samples.put(key, v.stream().mapToDouble(Double::doubleValue).toArray()));
    return samples;
  }

  /** Failure classes as errors.csv names them: adapter, scenario, operation and error. */
  private static Set<String> failureClasses(Path run) throws IOException {
    Set<String> classes = new TreeSet<>();
    Path errors = run.resolve("errors.csv");
    if (Files.exists(errors) && Files.size(errors) > 0) {
      for (CSVRecord r : records(errors)) {
        classes.add(r.get("adapter") + "\n" + r.get("scenario") + "\n" + r.get("operation") + "\n" + r.get("error"));
      }
    }
    return classes;
  }

  private static List<CSVRecord> records(Path file) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      return parser.getRecords();
    }
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return Percentiles.of(sorted, sorted.length, 50);
  }
}
