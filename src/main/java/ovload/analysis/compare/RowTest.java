package ovload.analysis.compare;

/**
 * What a compare knows of one row. Between two plans of repeated runs ({@link AcrossRuns}) the row
 * is judged: its p50 and p95 across runs ({@link RunShift}). Between two single runs
 * ({@link WithinRuns}) it is described, not judged: Mann–Whitney U on the requests of each run and a
 * bootstrap interval of the p95 difference say how the two runs' requests differ, but identical
 * single runs differ by more than that (a process start and a machine state per run), so no verdict
 * rests on them.
 */
public sealed interface RowTest {
  String NOT_JUDGED = "not judged";

  int baselineN();

  int candidateN();

  /** {@code regressed}, {@code improved}, {@code ~} or {@link #NOT_JUDGED}. */
  String verdict(Thresholds t);

  /** The requests of one run a side. */
  record WithinRuns(int baselineN, int candidateN, MannWhitney mannWhitney, Bootstrap p95Difference) implements RowTest {
    static WithinRuns of(double[] baseline, double[] candidate, Thresholds t, long seed) {
      return new WithinRuns(baseline.length, candidate.length, MannWhitney.test(baseline, candidate),
          Bootstrap.difference(baseline, candidate, 95, t.resamples(), seed));
    }

    @Override
    public String verdict(Thresholds t) {
      return NOT_JUDGED;
    }
  }

  /** Each run's p50 and p95 of the row, tested across the runs of each side. */
  record AcrossRuns(RunShift p50, RunShift p95) implements RowTest {
    @Override
    public int baselineN() {
      return p50.baselineN();
    }

    @Override
    public int candidateN() {
      return p50.candidateN();
    }

    /** Regressed when either figure significantly rose; improved when one fell and neither rose. */
    @Override
    public String verdict(Thresholds t) {
      int a = p50.direction(t);
      int b = p95.direction(t);
      return a > 0 || b > 0 ? "regressed" : a < 0 || b < 0 ? "improved" : "~";
    }

    /** The smaller corrected p of the two figures (NaN when neither could be tested). */
    public double pAdjusted() {
      if (!p50.testable() && !p95.testable()) {
        return Double.NaN;
      }
      return Math.min(orOne(p50.pAdjusted()), orOne(p95.pAdjusted()));
    }

    private static double orOne(double p) {
      return Double.isNaN(p) ? 1 : p;
    }
  }
}
