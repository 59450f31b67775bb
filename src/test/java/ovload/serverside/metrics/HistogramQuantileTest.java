package ovload.serverside.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistogramQuantileTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  /** Increases 10, 30, 90, 100, 100 in buckets le 0.1, 0.25, 0.5, 1, +Inf. */
  private static List<HistogramQuantile.Bucket> window() {
    return List.of(new HistogramQuantile.Bucket(0.25, 30), new HistogramQuantile.Bucket(0.1, 10),
        new HistogramQuantile.Bucket(0.5, 90), new HistogramQuantile.Bucket(1, 100), new HistogramQuantile.Bucket(INF, 100));
  }

  private static HistogramQuantile.Bucket b(double le, double count) {
    return new HistogramQuantile.Bucket(le, count);
  }

  @Test
  void interpolatesInsideTheBucketAsHistogramQuantileDoesAndKeepsTheBucket() {
    // rank 95 falls in (0.5, 1] holding 90..100: 0.5 + 0.5 * (95 - 90) / 10
    assertEquals(new HistogramQuantile(0.75, 0.5, 1), HistogramQuantile.of(0.95, window()));
    // rank 50 in (0.25, 0.5] holding 30..90: 0.25 + 0.25 * 20 / 60
    HistogramQuantile median = HistogramQuantile.of(0.50, window());
    assertEquals(0.25 + 0.25 * 20 / 60, median.value(), 1e-12);
    assertEquals(0.25, median.lower());
    assertEquals(0.5, median.upper());
    // rank 5 in the lowest bucket, whose lower bound is 0: 0.1 * 5 / 10
    assertEquals(new HistogramQuantile(0.05, 0, 0.1), HistogramQuantile.of(0.05, window()));
  }

  @Test
  void aRankInTheInfBucketIsTheHighestFiniteBoundAndNoObservationIsNull() {
    assertEquals(new HistogramQuantile(0.1, 0.1, INF), HistogramQuantile.of(0.95, List.of(b(0.1, 10), b(INF, 20))));
    assertNull(HistogramQuantile.of(0.95, List.of(b(0.1, 0), b(INF, 0))));
    assertNull(HistogramQuantile.of(0.95, List.of(b(0.1, 5))));
  }

  /** OpenViking's request buckets (s): every one of them is wider than a tenth of its bound. */
  private static final double[] OPENVIKING = {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, INF};

  private static List<HistogramQuantile.Bucket> cumulative(double[] bounds, double[] counts) {
    List<HistogramQuantile.Bucket> out = new java.util.ArrayList<>();
    double running = 0;
    for (int i = 0; i < bounds.length; i++) {
      running += counts[i];
      out.add(b(bounds[i], running));
    }
    return out;
  }

  @Test
  void coarseBucketsAreOnlyARangeAndTwoPhasesInOneBucketShowNoChange() {
    // the real run's find p95: retrieval 100 requests, 10 of them in (1, 2.5]; mixed 200, 40 there.
    // retrieval rank 95 of 100: 90 at or below 1 s, so 1 + 1.5 * 5 / 10 = 1.75 s
    HistogramQuantile alone = HistogramQuantile.of(0.95,
        cumulative(OPENVIKING, new double[] {0, 0, 0, 20, 40, 30, 10, 0, 0, 0}));
    // mixed rank 190 of 200: 160 at or below 1 s, so 1 + 1.5 * 30 / 40 = 2.125 s
    HistogramQuantile loaded = HistogramQuantile.of(0.95,
        cumulative(OPENVIKING, new double[] {0, 0, 0, 40, 60, 60, 40, 0, 0, 0}));
    assertEquals(1.75, alone.value(), 1e-12);
    assertEquals(2.125, loaded.value(), 1e-12);
    assertTrue(alone.onlyBucketRange() && loaded.onlyBucketRange(), "1.5 s wide against a 2.5 s bound");
    assertTrue(alone.sameBucket(loaded), "both in (1, 2.5]: the 375 ms between the interpolations is not measured");
    assertFalse(alone.aboveTopBucket());
    // 6 of 100 above 10 s: rank 95 is in +Inf, a floor of 10 s and nothing more
    HistogramQuantile top = HistogramQuantile.of(0.95, cumulative(OPENVIKING, new double[] {0, 0, 0, 0, 0, 0, 90, 4, 0, 6}));
    assertEquals(new HistogramQuantile(10, 10, INF), top);
    assertTrue(top.aboveTopBucket() && top.onlyBucketRange());
    assertFalse(top.sameBucket(alone));
  }

  @Test
  void fineBucketsGiveAFigureAndDifferentBucketsAChange() {
    // 10 ms buckets from 400 to 500 ms: 2.5 % of the bound at most
    double[] fine = {0.40, 0.41, 0.42, 0.43, 0.44, 0.45, 0.46, 0.47, 0.48, 0.49, 0.50, INF};
    // 100 observations, 10 in each of (0.40, 0.41] .. (0.49, 0.50]: rank 95 is half way through (0.49, 0.50]
    HistogramQuantile alone = HistogramQuantile.of(0.95, cumulative(fine, new double[] {0, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 0}));
    assertEquals(0.495, alone.value(), 1e-12);
    assertEquals(0.49, alone.lower());
    assertFalse(alone.onlyBucketRange(), "10 ms of a 500 ms bound");
    // the same with all 100 in (0.41, 0.42]: rank 95 at 0.41 + 0.01 * 95 / 100
    HistogramQuantile other = HistogramQuantile.of(0.95, cumulative(fine, new double[] {0, 0, 100, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    assertEquals(0.4195, other.value(), 1e-12);
    assertFalse(other.onlyBucketRange() || other.sameBucket(alone));
    HistogramQuantile ms = alone.scaled(1000);
    assertEquals(495, ms.value(), 1e-9);
    assertEquals(490, ms.lower(), 1e-9);
    assertEquals(500, ms.upper(), 1e-9);
  }

  @Test
  void aWindowOfTheScrapedFileUsesTheBucketsIncreaseSummedOverSeries(@TempDir Path dir) throws Exception {
    // two series (status 200 and 500) of one route; before the window: 5 in every bucket of each;
    // in it, the hand-computed window() above split between them; a third route must not count
    StringBuilder csv = new StringBuilder("elapsed_sec,timestamp,metric,labels,value\n");
    String[] les = {"0.1", "0.25", "0.5", "1.0", "+Inf"};
    double[] okIncrease = {6, 20, 60, 70, 70};
    double[] errIncrease = {4, 10, 30, 30, 30};
    for (int i = 0; i < les.length; i++) {
      csv.append(row(0, les[i], "200", "/find", 5)).append(row(0, les[i], "500", "/find", 5)).append(row(0, les[i], "200", "/other", 0));
      csv.append(row(10, les[i], "200", "/find", 5 + okIncrease[i])).append(row(10, les[i], "500", "/find", 5 + errIncrease[i]))
          .append(row(10, les[i], "200", "/other", 1000));
    }
    csv.append("0.000,2026-12-07T00:00:00.000Z,q,queue=\"a\",2\n");
    csv.append("5.000,2026-12-07T00:00:05.000Z,q,queue=\"a\",6\n");
    csv.append("0.000,2026-12-07T00:00:00.000Z,c_total,,10\n");
    csv.append("10.000,2026-12-07T00:00:10.000Z,c_total,,40\n");
    Files.writeString(dir.resolve(MetricsScraper.FILE), csv);
    ServerMetrics m = ServerMetrics.read(dir);
    long from = java.time.Instant.parse("2026-12-07T00:00:00.000Z").toEpochMilli();
    long to = from + 10_000;
    assertEquals(new HistogramQuantile(0.75, 0.5, 1), m.quantile("h", l -> "/find".equals(l.get("route")), 0.95, from, to));
    assertEquals(30, m.increase("c_total", l -> true, from, to));
    // the gauge read each second 0..10: 2 for 0..4, 6 for 5..10 (carried forward)
    ServerMetrics.GaugeStats g = m.gauge("q", l -> true, from, to);
    assertEquals((5 * 2 + 6 * 6) / 11.0, g.mean(), 1e-12);
    assertEquals(6, g.max());
    assertEquals(Map.of("queue", "a"), m.series("q").get(0).labels());
  }

  private static String row(int second, String le, String status, String route, double value) {
    return String.format(java.util.Locale.ROOT, "%d.000,2026-12-07T00:00:%02d.000Z,h_bucket,\"le=\"\"%s\"\",route=\"\"%s\"\",status=\"\"%s\"\"\",%s%n",
        second, second, le, route, status, value);
  }
}
