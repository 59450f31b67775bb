package ovload.serverside.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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

  @Test
  void interpolatesInsideTheBucketAsHistogramQuantileDoes() {
    // rank 95 falls in (0.5, 1] holding 90..100: 0.5 + 0.5 * (95 - 90) / 10
    assertEquals(0.75, HistogramQuantile.quantile(0.95, window()), 1e-12);
    // rank 50 in (0.25, 0.5] holding 30..90: 0.25 + 0.25 * 20 / 60
    assertEquals(0.25 + 0.25 * 20 / 60, HistogramQuantile.quantile(0.50, window()), 1e-12);
    // rank 5 in the lowest bucket, whose lower bound is 0: 0.1 * 5 / 10
    assertEquals(0.05, HistogramQuantile.quantile(0.05, window()), 1e-12);
  }

  @Test
  void aRankInTheInfBucketIsTheHighestFiniteBoundAndNoObservationIsNull() {
    assertEquals(0.1, HistogramQuantile.quantile(0.95,
        List.of(new HistogramQuantile.Bucket(0.1, 10), new HistogramQuantile.Bucket(INF, 20))));
    assertNull(HistogramQuantile.quantile(0.95,
        List.of(new HistogramQuantile.Bucket(0.1, 0), new HistogramQuantile.Bucket(INF, 0))));
    assertNull(HistogramQuantile.quantile(0.95, List.of(new HistogramQuantile.Bucket(0.1, 5))));
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
    assertEquals(0.75, m.quantile("h", l -> "/find".equals(l.get("route")), 0.95, from, to), 1e-12);
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
