package ovload.analysis.compare;

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
import ovload.report.render.HtmlSummaryWriter;
import ovload.support.PythonFormat;

/**
 * Compares a candidate with a baseline (two builds, or two deployments), benchstat-style: per adapter,
 * scenario and operation the ratio of qps, p50, p95, p99 and failure rate. Between two plans of
 * repeated runs each row is judged ({@link RowTest.AcrossRuns}: Welch's t-test on the runs' p50 and
 * p95, Holm's correction over every test, the minimum effect of {@link Thresholds}); between two single
 * runs the rows are described, not judged ({@link RowTest.WithinRuns}), as benchstat will not call a
 * change from one sample a side. A failure class the baseline did not have is a regression by itself.
 * Exit code 1 on a regression, 0 otherwise, 2 for bad arguments or unreadable runs.
 * {@code mvn -q exec:java@compare -Dexec.args="reports/A reports/B"}
 */
public final class CompareRuns {
  static final String[] METRICS = {"qps", "p50_ms", "p95_ms", "p99_ms", "failure_rate"};

  /** One compared row. Values are null where a run has no such row; test is null where a side has no requests. */
  public record Row(String adapter, String scenario, String operation, Map<String, Double> baseline,
      Map<String, Double> candidate, Set<String> newFailures, RowTest test, String verdict) {
    public Double ratio(String metric) {
      Double b = baseline == null ? null : baseline.get(metric);
      Double c = candidate == null ? null : candidate.get(metric);
      return b == null || c == null || b == 0 ? null : c / b;
    }
  }

  /** {@code acrossRuns}: both sides were plans, and each row was tested on its runs' p50s and p95s. */
  public record Comparison(List<Row> rows, Set<String> newFailureClasses, boolean regressed, boolean acrossRuns,
      int baselineRuns, int candidateRuns, Thresholds thresholds) {}

  private CompareRuns() {}

  /** Throws IllegalArgumentException when the folders are not runs, or a run is compared with a plan. */
  public static Comparison compare(Path baseline, Path candidate, Thresholds t) throws IOException {
    return compare(RunSide.read(baseline), RunSide.read(candidate), t);
  }

  static Comparison compare(RunSide before, RunSide after, Thresholds t) {
    if (before.acrossRuns() != after.acrossRuns()) {
      throw new IllegalArgumentException("compare a plan of runs (a folder with aggregate.json) with another plan, or a run"
          + " folder with a run folder: " + (before.acrossRuns() ? before.dir() : after.dir()) + " is a plan, the other a run");
    }
    Set<String> newFailureClasses = new TreeSet<>(after.failureClasses());
    newFailureClasses.removeAll(before.failureClasses());
    TreeSet<String> keys = new TreeSet<>(before.summary().keySet());
    keys.addAll(after.summary().keySet());
    Map<String, RowTest> tests = before.acrossRuns() ? acrossRuns(before, after) : withinRuns(before, after, t);
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
        verdict = before.acrossRuns() ? "~" : RowTest.NOT_JUDGED;
      } else {
        verdict = test.verdict(t);
      }
      regressed |= verdict.equals("regressed");
      rows.add(new Row(k[0], k[1], k[2], b, c, rowNew, test, verdict));
    }
    return new Comparison(rows, newFailureClasses, regressed, before.acrossRuns(), before.runCount(), after.runCount(), t);
  }

  /** Each row's requests of one run a side: described, not judged. */
  private static Map<String, RowTest> withinRuns(RunSide before, RunSide after, Thresholds t) {
    Map<String, RowTest> tests = new TreeMap<>();
    before.requests().forEach((key, b) -> {
      double[] c = after.requests().get(key);
      if (c != null && b.length > 0 && c.length > 0) {
        tests.put(key, RowTest.WithinRuns.of(b, c, t, t.seed() * 1_000_003L + key.hashCode()));
      }
    });
    return tests;
  }

  /** Each row's p50 and p95 across the runs of each plan, corrected together (Holm) over every test. */
  private static Map<String, RowTest> acrossRuns(RunSide before, RunSide after) {
    List<String> keys = before.runP50s().keySet().stream().filter(after.runP50s()::containsKey).toList();
    List<RunShift> shifts = new ArrayList<>();
    for (String key : keys) {
      shifts.add(RunShift.of(before.runP50s().get(key), after.runP50s().get(key)));
      shifts.add(RunShift.of(before.runP95s().get(key), after.runP95s().get(key)));
    }
    List<Integer> testable = new ArrayList<>();
    for (int i = 0; i < shifts.size(); i++) {
      if (shifts.get(i).testable()) {
        testable.add(i);
      }
    }
    double[] adjusted = Holm.adjust(testable.stream().mapToDouble(i -> shifts.get(i).p()).toArray());
    for (int j = 0; j < testable.size(); j++) {
      shifts.set(testable.get(j), shifts.get(testable.get(j)).withAdjusted(adjusted[j]));
    }
    Map<String, RowTest> tests = new TreeMap<>();
    for (int i = 0; i < keys.size(); i++) {
      tests.put(keys.get(i), new RowTest.AcrossRuns(shifts.get(2 * i), shifts.get(2 * i + 1)));
    }
    return tests;
  }

  public static void write(Comparison comparison, Path baseline, Path candidate, Path dir) throws IOException {
    Files.createDirectories(dir);
    ComparisonCsv.write(comparison.rows(), dir);
    HtmlSummaryWriter.write(Files.write(dir.resolve("comparison.md"), markdown(comparison, baseline, candidate),
        StandardCharsets.UTF_8));
  }

  private static List<String> markdown(Comparison comparison, Path baseline, Path candidate) {
    Thresholds th = comparison.thresholds();
    long tested = comparison.rows().stream().filter(r -> r.test() != null).count();
    List<String> md = new ArrayList<>();
    md.add("# Run comparison: " + headline(comparison));
    md.add("");
    md.add("- Baseline: `" + baseline + "`" + (comparison.acrossRuns() ? " (" + comparison.baselineRuns() + " runs)" : ""));
    md.add("- Candidate: `" + candidate + "`" + (comparison.acrossRuns() ? " (" + comparison.candidateRuns() + " runs)" : ""));
    if (comparison.acrossRuns()) {
      md.add("- Test per row: Welch's t-test on the logarithm of each measured run's p50, and of its p95 (the run is the"
          + " unit of evidence); the change shown is the ratio of the runs' geometric means with its 95 % interval; p-values"
          + " corrected with Holm's method over the " + 2 * tested + " tests of " + tested + " rows (a build gate wants no"
          + " false alarm).");
      md.add("- A row is **regressed** (or improved) when its p50 or its p95 rose (or fell) with a corrected p below "
          + PythonFormat.repr(th.alpha()) + ", an interval clear of x1.00, and a move of at least "
          + PythonFormat.repr(th.minEffectPercent()) + " % and " + PythonFormat.repr(th.minEffectMs()) + " ms; else `~` with"
          + " the smaller corrected p. A failure class the baseline did not have regresses its row by itself.");
      md.add("- The runs of one plan share one server process and one generator JVM: a difference between two processes"
          + " (a deployment, a JIT outcome) counts as a change of the system, which it is for a deployment.");
    } else {
      md.add("- **One run a side: latency changes are shown, not judged.** Requests of one run share one process start and"
          + " one machine state, so a test on them (Mann–Whitney U below, p uncorrected, and a 95 % bootstrap interval of the"
          + " p95 difference, " + th.resamples() + " resamples, seed " + th.seed() + ") tells how these two runs' requests"
          + " differ, not whether the system changed: two identical smoke runs on a 2-core machine differed by up to x1.7 in"
          + " a row's p50 at p < 0.001. For a verdict, compare plans of runs on both sides"
          + " (`-DwarmupRuns=1 -Druns=8`), tested across runs.");
      md.add("- A failure class the baseline did not have regresses its row by itself.");
    }
    md.add("");
    if (!comparison.newFailureClasses().isEmpty()) {
      md.add("## New failure classes");
      comparison.newFailureClasses().forEach(f -> md.add("- `" + f.replace("\n", " / ") + "`"));
      md.add("");
    }
    md.add("| adapter | scenario | operation | qps | p50 | p95 | p99 | failure % | "
        + (comparison.acrossRuns() ? "p50 change (95 % CI) | p95 change (95 % CI) | runs" : "p95 change (95 % CI) | requests")
        + " | verdict |");
    md.add("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |" + (comparison.acrossRuns() ? " --- |" : ""));
    for (Row r : comparison.rows()) {
      StringBuilder line = new StringBuilder("| " + r.adapter() + " | " + r.scenario() + " | " + r.operation() + " |");
      for (String m : METRICS) {
        line.append(' ').append(change(r, m)).append(" |");
      }
      RowTest t = r.test();
      String verdict = r.verdict().equals("regressed") ? "**regressed**" : r.verdict();
      if (t instanceof RowTest.AcrossRuns a) {
        line.append(' ').append(shift(a.p50())).append(" | ").append(shift(a.p95())).append(" | ").append(t.baselineN())
            .append(" / ").append(t.candidateN()).append(" | ").append(verdict)
            .append(Double.isNaN(a.pAdjusted()) ? "" : " (p=" + pValue(a.pAdjusted()) + ")");
      } else if (t instanceof RowTest.WithinRuns w) {
        Bootstrap d = w.p95Difference();
        line.append(' ').append(signed(d.difference())).append(" ms (").append(signed(d.low())).append(" to ")
            .append(signed(d.high())).append(") | ").append(t.baselineN()).append(" / ").append(t.candidateN()).append(" | ")
            .append(verdict).append(verdict.equals(RowTest.NOT_JUDGED) ? " (within-run p=" + pValue(w.mannWhitney().p()) + ")" : "");
      } else {
        line.append(comparison.acrossRuns() ? " – | – | – | " : " – | – | ").append(verdict);
      }
      md.add(line.append(" |").toString());
    }
    return md;
  }

  /** REGRESSED, OK, or NOT JUDGED for single runs with no new failure class. */
  public static String headline(Comparison comparison) {
    return comparison.regressed() ? "REGRESSED" : comparison.acrossRuns() ? "OK" : "NOT JUDGED (one run a side)";
  }

  /** "x1.45 (1.32 to 1.60)"; "–" for a side of fewer than two runs. */
  private static String shift(RunShift s) {
    return !s.testable() ? "x" + PythonFormat.fixed(s.ratio(), 2) + " (too few runs)"
        : "x" + PythonFormat.fixed(s.ratio(), 2) + " (" + PythonFormat.fixed(s.ratioLow(), 2) + " to "
            + PythonFormat.fixed(s.ratioHigh(), 2) + ")";
  }

  private static String signed(double value) {
    return (value >= 0 ? "+" : "") + PythonFormat.fixed(value, 2);
  }

  /** Three significant digits: p-values span orders of magnitude. */
  static String pValue(double p) {
    return String.format(Locale.ROOT, "%.3g", p);
  }

  static String cell(Double value) {
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
