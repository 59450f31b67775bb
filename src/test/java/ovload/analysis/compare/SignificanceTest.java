package ovload.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The statistics of compare against independently computed values. Unless a comment says "by hand",
 * the expected numbers were obtained once with scipy 1.17.1 ({@code python3 -c "from scipy.stats import
 * mannwhitneyu, norm; print(mannwhitneyu(x, y, method=...))"}, {@code norm.sf(z)}) and pasted here.
 */
class SignificanceTest {
  /** The standard normal whose tail the U test's asymptotic p-value is read from. */
  private static final NormalDistribution NORMAL = NormalDistribution.of(0, 1);


  @Test
  void exactUForSmallSamplesWithoutTies() {
    // by hand: pairs with x above y: 3.5 > 2.9 and 4.2 > 2.9, so U1 = 2 and U2 = 18; of the C(9,4) = 126
    // arrangements, 1 + 1 + 2 give U <= 2, so p = 2 x 4/126 = 0.0634920...; scipy method="exact" agrees
    MannWhitney t = MannWhitney.test(new double[] {1.1, 2.3, 3.5, 4.2}, new double[] {2.9, 5.1, 6.4, 7.7, 8.0});
    assertTrue(t.exact());
    assertEquals(2.0, t.u());
    assertEquals(8.0 / 126, t.p(), 1e-15);
    assertEquals(0.06349206349206349, t.p(), 1e-15);

    double[] x = {12.1, 14.2, 9.8, 11.0, 13.3, 15.9, 10.4, 12.7, 16.1, 11.8, 13.9, 17.2};
    double[] y = {15.3, 18.8, 14.7, 19.9, 16.6, 21.4, 17.5, 20.2, 15.0, 22.8, 18.1, 16.9};
    MannWhitney twelve = MannWhitney.test(x, y);
    assertEquals(11.0, twelve.u());
    assertEquals(0.00014422244870488242, twelve.p(), 1e-15);

    double[] a = IntStream.rangeClosed(1, 20).mapToDouble(i -> 0.5 * i).toArray();
    double[] b = IntStream.rangeClosed(1, 20).mapToDouble(i -> 0.5 * i + 3.3).toArray();
    MannWhitney twenty = MannWhitney.test(a, b);
    assertTrue(twenty.exact());
    assertEquals(91.0, twenty.u());
    assertEquals(0.0026426305915593523, twenty.p(), 1e-14);
  }

  @Test
  void normalApproximationWithTieAndContinuityCorrection() {
    // ties (2, 3, 4, 5, 6, 7 repeat): scipy method="asymptotic" (use_continuity=True)
    MannWhitney tied = MannWhitney.test(new double[] {1, 2, 2, 3, 4, 5, 5, 6}, new double[] {3, 4, 5, 6, 7, 7, 8, 9, 10});
    assertFalse(tied.exact());
    assertEquals(10.5, tied.u());
    assertEquals(0.015563103281968275, tied.p(), 1e-12);

    // past 20 values a side: the normal approximation even without ties (scipy's exact p is 0.12260)
    double[] x = IntStream.range(0, 25).mapToDouble(i -> i * 0.7).toArray();
    double[] y = IntStream.range(0, 30).mapToDouble(j -> j * 0.6 + 2.05).toArray();
    MannWhitney large = MannWhitney.test(x, y);
    assertFalse(large.exact());
    assertEquals(283.0, large.u());
    assertEquals(0.1219519397691816, large.p(), 1e-12);

    // every value tied: no evidence of a difference at all
    assertEquals(1.0, MannWhitney.test(new double[] {3, 3, 3}, new double[] {3, 3, 3}).p());
  }

  @Test
  void normalTailMatchesScipy() {
    double[][] cases = {{0.5, 0.3085375387259869}, {1.96, 0.024997895148220435}, {2.9, 0.0018658133003840375},
      {3.0, 0.0013498980316300933}, {4.5, 3.3976731247300535e-06}, {6.0, 9.865876450376946e-10}, {-1.0, 0.8413447460685429}};
    for (double[] c : cases) {
      assertEquals(c[1], NORMAL.survivalProbability(c[0]), c[1] * 1e-12, "sf(" + c[0] + ")");
    }
  }

  @Test
  void holmStepDown() {
    // by hand: sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; made monotone the
    // last becomes 0.06; back in the input's order:
    assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02}, Holm.adjust(new double[] {0.01, 0.04, 0.03, 0.005}), 1e-15);
    assertArrayEquals(new double[] {1.0, 1.0}, Holm.adjust(new double[] {0.6, 0.9}), 1e-15);
    assertArrayEquals(new double[] {}, Holm.adjust(new double[] {}));
  }

  @Test
  void welchAcrossRunsOnLogarithmsMatchesScipy() {
    // scipy: r = ttest_ind(log(c), log(b), equal_var=False); r.confidence_interval(0.95), exponentiated
    RunShift slower = RunShift.of(new double[] {30.5, 33.1, 30.3, 33.3}, new double[] {52.9, 50.2, 55.1, 49.8});
    assertEquals(14.123133222394555, slower.t(), 1e-9);
    assertEquals(5.969042286209325, slower.df(), 1e-9);
    assertEquals(8.20657021887794e-06, slower.p(), 1e-12);
    assertEquals(1.5016613050254664, slower.ratioLow(), 1e-9);
    assertEquals(1.781110352208119, slower.ratioHigh(), 1e-9);
    assertEquals(31.769009445685345, slower.baselineMs(), 1e-9);
    assertEquals(51.955925177844996, slower.candidateMs(), 1e-9);

    RunShift noise = RunShift.of(new double[] {10, 11, 12}, new double[] {10.5, 11.5, 12.5, 11});
    assertEquals(0.5310503310288177, noise.t(), 1e-9);
    assertEquals(3.8478601414181264, noise.df(), 1e-9);
    assertEquals(0.6245514165436233, noise.p(), 1e-9);
    assertEquals(0.8628965668223794, noise.ratioLow(), 1e-9);
    assertEquals(1.2409479241864354, noise.ratioHigh(), 1e-9);

    // by hand: one run a side has no spread to test against; runs that all agree leave no doubt either way
    assertFalse(RunShift.of(new double[] {10}, new double[] {12, 13}).testable());
    RunShift same = RunShift.of(new double[] {7, 7}, new double[] {7, 7, 7});
    assertEquals(1.0, same.p());
    assertEquals(1.0, same.ratio(), 1e-15);
    // three equal logarithms whose mean is not exactly their value: still no spread, not a failed t-test
    assertEquals(1.0, RunShift.of(new double[] {31.25, 31.25, 31.25}, new double[] {31.25, 31.25, 31.25}).p());
    RunShift apart = RunShift.of(new double[] {7, 7}, new double[] {14, 14});
    assertEquals(0.0, apart.p());
    assertEquals(2.0, apart.ratioLow(), 1e-12);
  }

  @Test
  void bootstrapIntervalIsSeededAndCoversAShift() {
    double[] base = IntStream.range(0, 400).mapToDouble(i -> 5 + (i * 37 % 101) / 10.0).toArray();
    double[] shifted = IntStream.range(0, 400).mapToDouble(i -> base[i] + 20).toArray();
    Bootstrap shift = Bootstrap.difference(base, shifted, 95, 1000, 7);
    assertEquals(20.0, shift.difference(), 1e-9, "the same values 20 ms later: p95 moves by exactly 20");
    assertTrue(shift.low() <= 20 && shift.high() >= 20 && shift.low() > 15 && shift.high() < 25, shift.toString());
    assertTrue(shift.excludesZero());
    assertEquals(shift, Bootstrap.difference(base, shifted, 95, 1000, 7), "same seed, same interval");

    Bootstrap same = Bootstrap.difference(base, base.clone(), 95, 1000, 7);
    assertEquals(0.0, same.difference());
    assertTrue(same.low() < 0 && same.high() > 0, same.toString());
    assertFalse(same.excludesZero());

    // constant samples: every resample has the same p95, so the interval is the point
    Bootstrap constant = Bootstrap.difference(new double[] {4, 4, 4}, new double[] {6, 6}, 95, 200, 1);
    assertEquals(new Bootstrap(4, 2, 2, 2), constant);
  }

  /** A shift of a figure from 20 ms: {@code ratio} its move, {@code low}..{@code high} its interval, {@code p} corrected. */
  private static RunShift shift(double ratio, double low, double high, double p) {
    return new RunShift(5, 5, 20, 20 * ratio, 3, 8, p, p, low, high);
  }

  @Test
  void aVerdictAcrossRunsNeedsSignificanceAnIntervalAndBothMinimumEffects() {
    Thresholds t = Thresholds.DEFAULTS; // 0.05, 10 %, 2 ms
    RunShift flat = shift(1.0, 0.9, 1.1, 1.0);
    assertEquals("regressed", new RowTest.AcrossRuns(shift(1.25, 1.1, 1.4, 0.01), flat).verdict(t));
    assertEquals("regressed", new RowTest.AcrossRuns(flat, shift(1.25, 1.1, 1.4, 0.01)).verdict(t), "the tail alone");
    assertEquals("improved", new RowTest.AcrossRuns(shift(0.75, 0.6, 0.9, 0.01), flat).verdict(t));
    assertEquals("regressed", new RowTest.AcrossRuns(shift(0.75, 0.6, 0.9, 0.01), shift(1.25, 1.1, 1.4, 0.01)).verdict(t),
        "a faster median does not hide a slower tail");
    assertEquals("~", new RowTest.AcrossRuns(shift(1.25, 1.1, 1.4, 0.06), flat).verdict(t), "not significant after correction");
    assertEquals("~", new RowTest.AcrossRuns(shift(1.25, 0.95, 1.4, 0.01), flat).verdict(t), "interval spans x1");
    assertEquals("~", new RowTest.AcrossRuns(shift(1.09, 1.05, 1.12, 0.01), flat).verdict(t), "under 10 %");
    RunShift small = new RunShift(5, 5, 10, 11.5, 3, 8, 0.01, 0.01, 1.1, 1.2);
    assertEquals("~", new RowTest.AcrossRuns(small, flat).verdict(t), "15 % of 10 ms is under 2 ms");
    assertEquals(0.01, new RowTest.AcrossRuns(small, flat).pAdjusted());

    MannWhitney mw = new MannWhitney(0, 1e-9, false);
    assertEquals(RowTest.NOT_JUDGED, new RowTest.WithinRuns(500, 500, mw, new Bootstrap(20, 30, 25, 35)).verdict(t),
        "one run a side is described, never judged");
  }
}
