package ovload.reporting.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import ovload.reporting.HtmlSummaryWriter;
import ovload.reporting.PythonFormat;

/**
 * Compares a candidate run with a baseline (two builds, or two deployments), benchstat-style: per
 * adapter, scenario and operation the ratio of qps, p50, p95, p99 and failure rate, and a test of
 * whether the row really changed ({@link RowTest}: Mann–Whitney U on the request latencies, or across
 * runs when both sides are plans of {@code -Druns}; Holm's correction over the rows; a bootstrap
 * interval of the p95 difference). A row is {@code regressed} or {@code improved} only when the change
 * is significant and passes the minimum effect ({@link Thresholds}), else {@code ~} with its p-value;
 * a failure class the baseline did not have is a regression by itself.
 * Exit code 1 on a regression, 0 otherwise, 2 for bad arguments or unreadable runs.
 * {@code mvn -q exec:java@compare -Dexec.args="reports/A reports/B"}
 */
public final class CompareRuns {
  static final String[] METRICS = {"qps", "p50_ms", "p95_ms", "p99_ms", "failure_rate"};
  private static final String USAGE = "usage: mvn -q exec:java@compare -Dexec.args=\"<baseline> <candidate> [--out DIR]"
      + " [--alpha 0.05] [--min-effect-percent 10] [--min-effect-ms 2] [--resamples 1000] [--seed 1]\"";

  /** One compared row. Values are null where a run has no such row; test is null where a side has no requests. */
  public record Row(String adapter, String scenario, String operation, Map<String, Double> baseline,
      Map<String, Double> candidate, Set<String> newFailures, RowTest test, String verdict) {
    public Double ratio(String metric) {
      Double b = baseline == null ? null : baseline.get(metric);
      Double c = candidate == null ? null : candidate.get(metric);
      return b == null || c == null || b == 0 ? null : c / b;
    }
  }

  /** {@code acrossRuns}: both sides were plans, and each row's sample is the runs' p95s. */
  public record Comparison(List<Row> rows, Set<String> newFailureClasses, boolean regressed, boolean acrossRuns,
      int baselineRuns, int candidateRuns, Thresholds thresholds) {}

  private CompareRuns() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** The command: 0 = no regression, 1 = regressed, 2 = bad arguments or unreadable runs. */
  public static int run(String[] args) {
    Path baseline = null;
    Path candidate = null;
    Path out = null;
    Comparison comparison;
    try {
      Thresholds d = Thresholds.DEFAULTS;
      double alpha = d.alpha();
      double minPercent = d.minEffectPercent();
      double minMs = d.minEffectMs();
      int resamples = d.resamples();
      long seed = d.seed();
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--out" -> out = Path.of(value(args, ++i));
          case "--alpha" -> alpha = Double.parseDouble(value(args, ++i));
          case "--min-effect-percent" -> minPercent = Double.parseDouble(value(args, ++i));
          case "--min-effect-ms" -> minMs = Double.parseDouble(value(args, ++i));
          case "--resamples" -> resamples = Integer.parseInt(value(args, ++i));
          case "--seed" -> seed = Long.parseLong(value(args, ++i));
          case "--max-p95-increase-percent" -> throw new IllegalArgumentException(
              "--max-p95-increase-percent is gone: a row now needs a significant change; use --min-effect-percent");
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
      comparison = compare(baseline, candidate, new Thresholds(alpha, minPercent, minMs, resamples, seed));
    } catch (IOException | RuntimeException e) {
      System.err.println("ovload compare: " + e.getMessage() + ": " + USAGE);
      return 2;
    }
    try {
      Path target = out != null ? out : candidate;
      write(comparison, baseline, candidate, target);
      System.out.println((comparison.regressed() ? "REGRESSED" : "OK") + ": " + target.resolve("comparison.md"));
      return comparison.regressed() ? 1 : 0;
    } catch (IOException e) {
      System.err.println("ovload compare: " + e.getMessage());
      return 2;
    }
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  /** Throws IllegalArgumentException when the folders are not runs, or a run is compared with a plan. */
  public static Comparison compare(Path baseline, Path candidate, Thresholds t) throws IOException {
    RunSide before = RunSide.read(baseline);
    RunSide after = RunSide.read(candidate);
    if (before.acrossRuns() != after.acrossRuns()) {
      throw new IllegalArgumentException("compare a plan of runs (a folder with aggregate.json) with another plan, or a run"
          + " folder with a run folder: " + (before.acrossRuns() ? baseline : candidate) + " is a plan, the other a run");
    }
    Set<String> newFailureClasses = new TreeSet<>(after.failureClasses());
    newFailureClasses.removeAll(before.failureClasses());
    TreeSet<String> keys = new TreeSet<>(before.summary().keySet());
    keys.addAll(after.summary().keySet());
    // the tested figure: the p95 of the requests, or across runs the median of the runs' p95s
    double percentile = before.acrossRuns() ? 50 : 95;
    Map<String, RowTest> tests = new TreeMap<>();
    for (String key : keys) {
      double[] b = before.samples().get(key);
      double[] c = after.samples().get(key);
      if (b != null && c != null && b.length > 0 && c.length > 0) {
        tests.put(key, RowTest.of(b, c, percentile, t, t.seed() * 1_000_003L + key.hashCode()));
      }
    }
    List<String> tested = new ArrayList<>(tests.keySet());
    double[] holm = Holm.adjust(tested.stream().mapToDouble(k -> tests.get(k).mannWhitney().p()).toArray());
    for (int i = 0; i < tested.size(); i++) {
      tests.put(tested.get(i), tests.get(tested.get(i)).withHolm(holm[i]));
    }
    List<Row> rows = new ArrayList<>();
    boolean regressed = !newFailureClasses.isEmpty();
    for (String key : keys) {
      String[] k = key.split("\n");
      Set<String> rowNew = new TreeSet<>();
      newFailureClasses.stream().filter(f -> f.startsWith(key + "\n")).forEach(f -> rowNew.add(f.substring(key.length() + 1)));
      Map<String, Double> b = before.summary().get(key);
      Map<String, Double> c = after.summary().get(key);
      RowTest test = tests.get(key);
      String verdict;
      if (b == null) {
        verdict = "new";
      } else if (c == null) {
        verdict = "missing";
      } else if (!rowNew.isEmpty()) {
        verdict = "regressed";
      } else if (test == null) {
        verdict = "~";
      } else {
        verdict = test.verdict(t);
      }
      regressed |= verdict.equals("regressed");
      rows.add(new Row(k[0], k[1], k[2], b, c, rowNew, test, verdict));
    }
    return new Comparison(rows, newFailureClasses, regressed, before.acrossRuns(), before.runCount(), after.runCount(), t);
  }

  public static void write(Comparison comparison, Path baseline, Path candidate, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> header = new ArrayList<>(List.of("adapter", "scenario", "operation"));
    for (String m : METRICS) {
      header.addAll(List.of("baseline_" + m, "candidate_" + m, m + "_ratio"));
    }
    header.addAll(List.of("tested_on", "baseline_n", "candidate_n", "mann_whitney_u", "p_value", "p_holm",
        "p95_diff_ms", "p95_diff_ci95_low_ms", "p95_diff_ci95_high_ms", "new_failure_classes", "verdict"));
    String testedOn = comparison.acrossRuns() ? "runs" : "requests";
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(dir.resolve("comparison.csv")), CSVFormat.DEFAULT)) {
      csv.printRecord(header);
      for (Row r : comparison.rows()) {
        List<Object> cells = new ArrayList<>(List.of(r.adapter(), r.scenario(), r.operation()));
        for (String m : METRICS) {
          cells.add(cell(r.baseline() == null ? null : r.baseline().get(m)));
          cells.add(cell(r.candidate() == null ? null : r.candidate().get(m)));
          cells.add(cell(r.ratio(m)));
        }
        RowTest t = r.test();
        if (t == null) {
          cells.addAll(List.of("", "", "", "", "", "", "", "", ""));
        } else {
          cells.addAll(List.of(testedOn, t.baselineN(), t.candidateN(), cell(t.mannWhitney().u()), pValue(t.mannWhitney().p()),
              pValue(t.pHolm()), cell(t.difference().difference()), cell(t.difference().low()), cell(t.difference().high())));
        }
        cells.add(String.join("; ", r.newFailures()));
        cells.add(r.verdict());
        csv.printRecord(cells);
      }
    }
    Thresholds th = comparison.thresholds();
    long tested = comparison.rows().stream().filter(r -> r.test() != null).count();
    List<String> md = new ArrayList<>();
    md.add("# Run comparison: " + (comparison.regressed() ? "REGRESSED" : "OK"));
    md.add("");
    md.add("- Baseline: `" + baseline + "`" + (comparison.acrossRuns() ? " (" + comparison.baselineRuns() + " runs)" : ""));
    md.add("- Candidate: `" + candidate + "`" + (comparison.acrossRuns() ? " (" + comparison.candidateRuns() + " runs)" : ""));
    md.add("- Test per row: Mann–Whitney U (two-sided) on "
        + (comparison.acrossRuns() ? "the p95 of each measured run; the p95 shown and its difference are medians across runs"
            : "every request latency of the row in each run")
        + "; p-values corrected with Holm's method over " + tested + " rows; 95 % bootstrap interval ("
        + th.resamples() + " resamples, seed " + th.seed() + ") of the p95 difference.");
    md.add("- A row is **regressed** or improved only when its corrected p is below " + PythonFormat.repr(th.alpha())
        + ", the interval excludes 0 and the p95 moved by at least " + PythonFormat.repr(th.minEffectPercent()) + " % and "
        + PythonFormat.repr(th.minEffectMs()) + " ms; else `~` with its corrected p. A failure class the baseline did not"
        + " have regresses its row by itself.");
    // past EXACT_MAX runs a side the smallest p is far below any alpha
    if (comparison.acrossRuns() && Math.max(comparison.baselineRuns(), comparison.candidateRuns()) <= MannWhitney.EXACT_MAX) {
      double smallest = Math.min(1, 2 * MannWhitney.exactUpperTail(comparison.baselineRuns(), comparison.candidateRuns(),
          comparison.baselineRuns() * comparison.candidateRuns()));
      if (smallest * tested >= th.alpha()) {
        md.add("- With " + comparison.baselineRuns() + " and " + comparison.candidateRuns() + " runs the smallest possible p is "
            + pValue(smallest) + " before correction: too few runs for any row to reach " + PythonFormat.repr(th.alpha())
            + " over " + tested + " rows; add runs (-Druns).");
      }
    }
    md.add("");
    if (!comparison.newFailureClasses().isEmpty()) {
      md.add("## New failure classes");
      comparison.newFailureClasses().forEach(f -> md.add("- `" + f.replace("\n", " / ") + "`"));
      md.add("");
    }
    md.add("| adapter | scenario | operation | qps | p50 | p95 | p99 | failure % | p95 change (95 % CI) | n | verdict |");
    md.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (Row r : comparison.rows()) {
      StringBuilder line = new StringBuilder("| " + r.adapter() + " | " + r.scenario() + " | " + r.operation() + " |");
      for (String m : METRICS) {
        line.append(' ').append(change(r, m)).append(" |");
      }
      RowTest t = r.test();
      line.append(t == null ? " – | – |" : " " + signed(t.difference().difference()) + " ms (" + signed(t.difference().low()) + " to "
          + signed(t.difference().high()) + ") | " + t.baselineN() + " / " + t.candidateN() + " |");
      String verdict = r.verdict().equals("regressed") ? "**regressed**" : r.verdict();
      md.add(line.append(' ').append(verdict).append(t == null ? "" : " (p=" + pValue(t.pHolm()) + ")").append(" |").toString());
    }
    HtmlSummaryWriter.write(Files.write(dir.resolve("comparison.md"), md, StandardCharsets.UTF_8));
  }

  private static String signed(double value) {
    return (value >= 0 ? "+" : "") + PythonFormat.fixed(value, 2);
  }

  /** Three significant digits: p-values span orders of magnitude. */
  private static String pValue(double p) {
    return String.format(Locale.ROOT, "%.3g", p);
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
