package ovload.reporting.compare;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import ovload.reporting.HtmlSummaryWriter;
import ovload.reporting.PythonFormat;

/**
 * Compares a candidate run with a baseline (two builds, or two deployments): per adapter, scenario
 * and operation the ratio of qps, p50, p95, p99 and failure rate, a verdict per row and overall.
 * Exit code 1 when the candidate regresses past the thresholds (p95 +10 % by default, or any new
 * failure class), 0 otherwise, 2 for bad arguments.
 * {@code mvn -q exec:java@compare -Dexec.args="reports/A reports/B"}
 */
public final class CompareRuns {
  static final String[] METRICS = {"qps", "p50_ms", "p95_ms", "p99_ms", "failure_rate"};

  /** One compared row. Values are null where a run has no such row. */
  public record Row(String adapter, String scenario, String operation, Map<String, Double> baseline,
      Map<String, Double> candidate, Set<String> newFailures, String verdict) {
    public Double ratio(String metric) {
      Double b = baseline == null ? null : baseline.get(metric);
      Double c = candidate == null ? null : candidate.get(metric);
      return b == null || c == null || b == 0 ? null : c / b;
    }
  }

  public record Comparison(List<Row> rows, Set<String> newFailureClasses, boolean regressed) {}

  private CompareRuns() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The command: 0 = no regression, 1 = regressed, 2 = bad arguments or unreadable runs. */
  public static int run(String[] args) {
    Path baseline = null;
    Path candidate = null;
    Path out = null;
    double maxP95Increase = 10;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> out = Path.of(args[++i]);
          case "--max-p95-increase-percent" -> maxP95Increase = Double.parseDouble(args[++i]);
          default -> {
            if (args[i].startsWith("--")) {
              throw new IllegalArgumentException("unknown option " + args[i]);
            }
            if (baseline == null) {
              baseline = Path.of(args[i]);
            } else if (candidate == null) {
              candidate = Path.of(args[i]);
            } else {
              throw new IllegalArgumentException("more than two run folders");
            }
          }
        }
      }
      if (candidate == null) {
        throw new IllegalArgumentException("give a baseline and a candidate run folder");
      }
      for (Path run : List.of(baseline, candidate)) {
        if (!Files.exists(run.resolve("request_summary.csv"))) {
          throw new IllegalArgumentException(run + " has no request_summary.csv (regenerate it with exec:java@report)");
        }
      }
    } catch (RuntimeException e) {
      System.err.println("ovload compare: " + e.getMessage() + ": usage: mvn -q exec:java@compare "
          + "-Dexec.args=\"<baseline run> <candidate run> [--out DIR] [--max-p95-increase-percent 10]\"");
      return 2;
    }
    try {
      Path target = out != null ? out : candidate;
      Comparison comparison = compare(baseline, candidate, maxP95Increase);
      write(comparison, baseline, candidate, maxP95Increase, target);
      System.out.println((comparison.regressed() ? "REGRESSED" : "OK") + ": " + target.resolve("comparison.md"));
      return comparison.regressed() ? 1 : 0;
    } catch (IOException e) {
      System.err.println("ovload compare: " + e.getMessage());
      return 2;
    }
  }

  public static Comparison compare(Path baseline, Path candidate, double maxP95IncreasePercent) throws IOException {
    Map<String, Map<String, Double>> before = summary(baseline);
    Map<String, Map<String, Double>> after = summary(candidate);
    Set<String> oldFailures = failureClasses(baseline);
    Set<String> newFailureClasses = new TreeSet<>(failureClasses(candidate));
    newFailureClasses.removeAll(oldFailures);
    TreeSet<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    List<Row> rows = new ArrayList<>();
    boolean regressed = !newFailureClasses.isEmpty();
    for (String key : keys) {
      String[] k = key.split("\n");
      Set<String> rowNew = new TreeSet<>();
      newFailureClasses.stream().filter(f -> f.startsWith(key + "\n")).forEach(f -> rowNew.add(f.substring(key.length() + 1)));
      Map<String, Double> b = before.get(key);
      Map<String, Double> c = after.get(key);
      Row probe = new Row(k[0], k[1], k[2], b, c, rowNew, "");
      Double p95 = probe.ratio("p95_ms");
      String verdict;
      if (b == null) {
        verdict = "new";
      } else if (c == null) {
        verdict = "missing";
      } else if (!rowNew.isEmpty() || (p95 != null && p95 > 1 + maxP95IncreasePercent / 100)) {
        verdict = "regressed";
      } else if (p95 != null && p95 < 1 - maxP95IncreasePercent / 100) {
        verdict = "improved";
      } else {
        verdict = "ok";
      }
      regressed |= verdict.equals("regressed");
      rows.add(new Row(k[0], k[1], k[2], b, c, rowNew, verdict));
    }
    return new Comparison(rows, newFailureClasses, regressed);
  }

  private static Map<String, Map<String, Double>> summary(Path run) throws IOException {
    Map<String, Map<String, Double>> rows = new TreeMap<>();
    for (CSVRecord r : records(run.resolve("request_summary.csv"))) {
      Map<String, Double> values = new LinkedHashMap<>();
      values.put("requests", Double.parseDouble(r.get("requests")));
      values.put("qps", number(r.get("qps")));
      values.put("p50_ms", number(r.get("p50_ms")));
      values.put("p95_ms", number(r.get("p95_ms")));
      values.put("p99_ms", number(r.get("p99_ms")));
      double requests = values.get("requests");
      values.put("failure_rate", requests == 0 ? 0 : Double.parseDouble(r.get("failures")) * 100 / requests);
      rows.put(r.get("adapter") + "\n" + r.get("scenario") + "\n" + r.get("operation"), values);
    }
    return rows;
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

  private static Double number(String cell) {
    return cell == null || cell.isEmpty() ? null : Double.parseDouble(cell);
  }

  public static void write(Comparison comparison, Path baseline, Path candidate, double maxP95Increase, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> header = new ArrayList<>(List.of("adapter", "scenario", "operation"));
    for (String m : METRICS) {
      header.addAll(List.of("baseline_" + m, "candidate_" + m, m + "_ratio"));
    }
    header.addAll(List.of("new_failure_classes", "verdict"));
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve("comparison.csv")), CSVFormat.DEFAULT)) {
      csv.printRecord(header);
      for (Row r : comparison.rows()) {
        List<Object> cells = new ArrayList<>(List.of(r.adapter(), r.scenario(), r.operation()));
        for (String m : METRICS) {
          cells.add(cell(r.baseline() == null ? null : r.baseline().get(m)));
          cells.add(cell(r.candidate() == null ? null : r.candidate().get(m)));
          cells.add(cell(r.ratio(m)));
        }
        cells.add(String.join("; ", r.newFailures()));
        cells.add(r.verdict());
        csv.printRecord(cells);
      }
    }
    List<String> md = new ArrayList<>();
    md.add("# Run comparison: " + (comparison.regressed() ? "REGRESSED" : "OK"));
    md.add("");
    md.add("- Baseline: `" + baseline + "`");
    md.add("- Candidate: `" + candidate + "`");
    md.add("- A row regresses when its p95 grows by more than " + PythonFormat.repr(maxP95Increase)
        + " % or it shows a failure class the baseline did not have.");
    md.add("");
    if (!comparison.newFailureClasses().isEmpty()) {
      md.add("## New failure classes");
      comparison.newFailureClasses().forEach(f -> md.add("- `" + f.replace("\n", " / ") + "`"));
      md.add("");
    }
    md.add("| adapter | scenario | operation | qps | p50 | p95 | p99 | failure % | verdict |");
    md.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Row r : comparison.rows()) {
      StringBuilder line = new StringBuilder("| " + r.adapter() + " | " + r.scenario() + " | " + r.operation() + " |");
      for (String m : METRICS) {
        line.append(' ').append(change(r, m)).append(" |");
      }
      md.add(line.append(' ').append(r.verdict().equals("regressed") ? "**regressed**" : r.verdict()).append(" |").toString());
    }
    HtmlSummaryWriter.write(Files.write(dir.resolve("comparison.md"), md, StandardCharsets.UTF_8));
  }

  private static String cell(Double value) {
    return value == null ? "" : PythonFormat.repr(PythonFormat.round(value, 4));
  }

  /** "12.3 → 14.1 (x1.15)" style cell. */
  private static String change(Row r, String metric) {
    Double b = r.baseline() == null ? null : r.baseline().get(metric);
    Double c = r.candidate() == null ? null : r.candidate().get(metric);
    Double ratio = r.ratio(metric);
    return (b == null ? "–" : PythonFormat.fixed(b, 2)) + " → " + (c == null ? "–" : PythonFormat.fixed(c, 2))
        + (ratio == null ? "" : " (x" + PythonFormat.fixed(ratio, 2) + ")");
  }
}
