package ovload.analysis.compare;

import static ovload.analysis.compare.CompareRuns.cell;
import static ovload.analysis.compare.CompareRuns.pValue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import ovload.analysis.CsvTable;
import ovload.analysis.CsvTable.Column;
import ovload.analysis.compare.CompareRuns.Row;

/**
 * {@code comparison.csv}'s columns. A row tested within runs leaves the across-run columns empty, and
 * the other way round; an untested row leaves both empty.
 */
final class ComparisonCsv {
  static final String FILE = "comparison.csv";

  private static final CsvTable<Row> TABLE = new CsvTable<>(columns());

  private ComparisonCsv() {}

  static void write(List<Row> rows, Path dir) throws IOException {
    TABLE.write(dir.resolve(FILE), rows);
  }

  private static List<Column<Row>> columns() {
    List<Column<Row>> c = new ArrayList<>(List.of(new Column<>("adapter", Row::adapter), new Column<>("scenario", Row::scenario),
        new Column<>("operation", Row::operation)));
    for (String m : CompareRuns.METRICS) {
      c.add(new Column<>("baseline_" + m, r -> cell(r.baseline() == null ? null : r.baseline().get(m))));
      c.add(new Column<>("candidate_" + m, r -> cell(r.candidate() == null ? null : r.candidate().get(m))));
      c.add(new Column<>(m + "_ratio", r -> cell(r.ratio(m))));
    }
    c.add(new Column<>("tested_on", r -> r.test() == null ? "" : r.test() instanceof RowTest.AcrossRuns ? "runs" : "requests"));
    c.add(new Column<>("baseline_n", r -> r.test() == null ? "" : r.test().baselineN()));
    c.add(new Column<>("candidate_n", r -> r.test() == null ? "" : r.test().candidateN()));
    c.add(withinRuns("mann_whitney_u", w -> cell(w.mannWhitney().u())));
    c.add(withinRuns("p_within_runs", w -> pValue(w.mannWhitney().p())));
    c.add(withinRuns("p95_diff_ms", w -> cell(w.p95Difference().difference())));
    c.add(withinRuns("p95_diff_ci95_low_ms", w -> cell(w.p95Difference().low())));
    c.add(withinRuns("p95_diff_ci95_high_ms", w -> cell(w.p95Difference().high())));
    for (String f : List.of("p50", "p95")) {
      Function<RowTest.AcrossRuns, RunShift> shift = f.equals("p50") ? RowTest.AcrossRuns::p50 : RowTest.AcrossRuns::p95;
      c.add(acrossRuns(f + "_runs_ratio", a -> cell(shift.apply(a).ratio())));
      c.add(acrossRuns(f + "_runs_ratio_ci95_low", a -> cell(shift.apply(a).ratioLow())));
      c.add(acrossRuns(f + "_runs_ratio_ci95_high", a -> cell(shift.apply(a).ratioHigh())));
      c.add(acrossRuns(f + "_welch_t", a -> cell(shift.apply(a).t())));
      c.add(acrossRuns(f + "_welch_df", a -> cell(shift.apply(a).df())));
      c.add(acrossRuns(f + "_p", a -> pValue(shift.apply(a).p())));
      c.add(acrossRuns(f + "_p_holm", a -> pValue(shift.apply(a).pAdjusted())));
    }
    c.add(new Column<>("new_failure_classes", r -> String.join("; ", r.newFailures())));
    c.add(new Column<>("verdict", Row::verdict));
    return c;
  }

  private static Column<Row> withinRuns(String name, Function<RowTest.WithinRuns, Object> value) {
    return new Column<>(name, r -> r.test() instanceof RowTest.WithinRuns w ? value.apply(w) : "");
  }

  private static Column<Row> acrossRuns(String name, Function<RowTest.AcrossRuns, Object> value) {
    return new Column<>(name, r -> r.test() instanceof RowTest.AcrossRuns a ? value.apply(a) : "");
  }
}
