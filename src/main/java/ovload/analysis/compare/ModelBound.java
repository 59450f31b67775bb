package ovload.analysis.compare;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import ovload.report.render.HtmlSummaryWriter;

/**
 * {@code model_modes.md}: the same load in two stand-in model modes, operation by operation (all
 * phases together) ranked by how much slower p95 became with model latency, then each background
 * task type by its server-side duration. An operation whose
 * p95 grows by {@link #BOUND_RATIO} or more waits on the model; below {@link #PARTLY_RATIO} it does
 * not.
 */
public final class ModelBound {
  public static final String FILE = "model_modes.md";
  static final double BOUND_RATIO = 2.0;
  static final double PARTLY_RATIO = 1.25;

  private ModelBound() {}

  public static String verdict(Double p95Ratio) {
    if (p95Ratio == null) {
      return "n/a";
    }
    return p95Ratio >= BOUND_RATIO ? "model-bound" : p95Ratio >= PARTLY_RATIO ? "partly model-bound" : "not model-bound";
  }

  public static void write(CompareRuns.Comparison comparison, Path baseline, Path slower, String baselineMode,
      String slowerMode, Path dir) throws IOException {
    List<CompareRuns.Row> rows = new ArrayList<>(comparison.rows().stream()
        .filter(r -> r.scenario().equals("ALL") && r.ratio("p95_ms") != null).toList());
    rows.sort(Comparator.comparing((CompareRuns.Row r) -> r.ratio("p95_ms")).reversed());
    List<String> md = new ArrayList<>();
    md.add("# Which operations wait on the model: `" + baselineMode + "` against `" + slowerMode + "`");
    md.add("");
    md.add("The same load against the embedded stand-in in two model modes; p95 ratio = " + slowerMode + " / "
        + baselineMode + " over all phases. " + BOUND_RATIO + "x or more: model-bound; " + PARTLY_RATIO
        + "x to " + BOUND_RATIO + "x: partly; below: not. Every phase and figure: `comparison.md`, `comparison.csv`.");
    md.add("");
    md.add("| adapter | operation | p95 " + baselineMode + " (ms) | p95 " + slowerMode + " (ms) | p95 ratio | qps ratio | verdict |");
    md.add("| --- | --- | ---: | ---: | ---: | ---: | --- |");
    for (CompareRuns.Row r : rows) {
      Double qps = r.ratio("qps");
      md.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f | %s | %s |", r.adapter(), r.operation(),
          r.baseline().get("p95_ms"), r.candidate().get("p95_ms"), r.ratio("p95_ms"),
          qps == null ? "n/a" : String.format(Locale.ROOT, "%.2f", qps), verdict(r.ratio("p95_ms"))));
    }
    md.add("");
    md.add("Background tasks (completed), server-side duration from the task records:");
    md.add("");
    md.add("| adapter | task | p50 " + baselineMode + " (ms) | p50 " + slowerMode + " (ms) | p95 " + baselineMode + " (ms) | p95 "
        + slowerMode + " (ms) | p95 ratio | verdict |");
    md.add("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |");
    Map<String, CSVRecord> before = completedTasks(baseline);
    for (Map.Entry<String, CSVRecord> after : completedTasks(slower).entrySet()) {
      CSVRecord b = before.get(after.getKey());
      CSVRecord a = after.getValue();
      if (b == null || b.get("p95_server_ms").isEmpty() || a.get("p95_server_ms").isEmpty()) {
        continue;
      }
      double p95Before = Double.parseDouble(b.get("p95_server_ms"));
      Double ratio = p95Before == 0 ? null : Double.parseDouble(a.get("p95_server_ms")) / p95Before;
      md.add(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s |", a.get("adapter"), a.get("task_type"),
          b.get("p50_server_ms"), a.get("p50_server_ms"), b.get("p95_server_ms"), a.get("p95_server_ms"),
          ratio == null ? "n/a" : String.format(Locale.ROOT, "%.2f", ratio), verdict(ratio)));
    }
    HtmlSummaryWriter.write(Files.write(dir.resolve(FILE), md, StandardCharsets.UTF_8));
  }

  /** task_summary.csv's completed rows by adapter and task type. */
  private static Map<String, CSVRecord> completedTasks(Path run) throws IOException {
    Map<String, CSVRecord> rows = new TreeMap<>();
    Path file = run.resolve("task_summary.csv");
    if (!Files.exists(file)) {
      return rows;
    }
    try (Reader in = Files.newBufferedReader(file);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      for (CSVRecord r : csv) {
        if (r.get("status").equals("completed")) {
          rows.put(r.get("adapter") + "\n" + r.get("task_type"), r);
        }
      }
    }
    return rows;
  }
}
