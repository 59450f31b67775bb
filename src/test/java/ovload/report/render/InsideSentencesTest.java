package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovload.model.Operation;
import ovload.report.model.InsideFindings;
import ovload.report.model.OperationInside;
import ovload.serverside.metrics.HistogramQuantile;
import ovload.serverside.metrics.ServerMetrics;
import ovload.serverside.profile.CollapsedStacks;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.ProfileSummary;
import ovload.serverside.profile.ThreadKind;

/** Each part of an operation's "Inside the server" sentence, in English and in Chinese, where it must show and where it must not. */
class InsideSentencesTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  /** A p95 from fine buckets (1 ms wide): a figure. */
  private static HistogramQuantile fine(double ms) {
    return new HistogramQuantile(ms, ms - 1, ms);
  }

  private static InsideFindings.PhaseInside phase(double searchP95, double embedP95, Double wait, double inflight) {
    return phase(fine(searchP95), fine(embedP95), wait, inflight);
  }

  private static InsideFindings.PhaseInside phase(HistogramQuantile searchP95, HistogramQuantile embedP95, Double wait, double inflight) {
    return new InsideFindings.PhaseInside(Map.of(Operation.SEARCH, searchP95), new ServerMetrics.GaugeStats(inflight, inflight),
        new ServerMetrics.GaugeStats(0, 0), wait, embedP95, 5, null, 0);
  }

  private static DifferentialProfile diff() throws Exception {
    Path dir = Path.of("src/test/resources/serverside");
    return DifferentialProfile.of(ProfileSummary.of(CollapsedStacks.read(dir.resolve("retrieval.collapsed"))),
        ProfileSummary.of(CollapsedStacks.read(dir.resolve("mixed.collapsed"))));
  }

  /** A function grew while no thread kind got busier. */
  private static final DifferentialProfile NO_KIND_BUSIER = new DifferentialProfile(
      List.of(new DifferentialProfile.KindChange(ThreadKind.EVENT_LOOP, 0.5, 0.4)),
      List.of(new DifferentialProfile.FunctionChange("embed (embedder.py)", 0.1, 0.3)));

  private static OperationInside grown() throws Exception {
    return InsideFindings.operation(Operation.SEARCH, 100, 650, phase(90, 40, null, 1), phase(600, 130, 250.0, 4), diff(), true, true);
  }

  private static OperationInside notGrown() throws Exception {
    return InsideFindings.operation(Operation.SEARCH, 650, 640, phase(90, 40, null, 1), phase(600, 130, 250.0, 4), diff(), true, true);
  }

  private static OperationInside sourcesOff() {
    return InsideFindings.operation(Operation.SEARCH, 100, 650, null, null, null, false, false);
  }

  private static OperationInside metricsOnlyNoQueueWait() {
    return InsideFindings.operation(Operation.SEARCH, 100, 650, phase(90, 40, null, 1), phase(600, 130, null, 4), null, true, false);
  }

  private static OperationInside figuresMissing() {
    return InsideFindings.operation(Operation.SEARCH, 100, 650, null, null, null, true, true);
  }

  private static OperationInside noKindBusier() {
    return InsideFindings.operation(Operation.SEARCH, 100, 650, null, null, NO_KIND_BUSIER, false, true);
  }

  @Test
  void aGrownP95IsPutNextToTheServersFiguresThatMovedWithIt() throws Exception {
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): the server's own p95 for the route 90 → 600 ms, "
        + "embedding calls p95 +90 ms, background tasks waited 250 ms in queue on average, in-flight requests 1.0 → 4.0, "
        + "the queue workers busy 0 % → 60 % (top growth: `compressor_v3._extract_user_memories` +43 points).",
        InsideSentences.english(grown()));
    assertEquals("search p95 在混合负载下 100 → 650 ms（+550 ms）：该路由的服务端自身 p95 90 → 600 ms，"
        + "embedding 调用 p95 +90 ms，后台任务在队列中平均等待 250 ms，在途请求 1.0 → 4.0，"
        + "队列工作线程繁忙占比 0 % → 60 %（增长最多：`compressor_v3._extract_user_memories` +43 个百分点）。",
        InsideSentences.chinese(grown()));
  }

  @Test
  void aP95ThatDidNotGrowIsNotExplained() throws Exception {
    assertEquals("search p95 650 → 640 ms under mixed load: it did not grow, so nothing to explain.", InsideSentences.english(notGrown()));
    assertEquals("search p95 在混合负载下 650 → 640 ms：没有增长，无需解释。", InsideSentences.chinese(notGrown()));
  }

  @Test
  void aSourceThatWasOffIsNotMeasured() {
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): server metrics not measured, server profile not measured.",
        InsideSentences.english(sourcesOff()));
    assertEquals("search p95 在混合负载下 100 → 650 ms（+550 ms）：服务端指标未测量，服务端 CPU 采样未测量。",
        InsideSentences.chinese(sourcesOff()));
    String en = InsideSentences.english(metricsOnlyNoQueueWait());
    assertTrue(en.contains("embedding calls p95 +90 ms") && en.endsWith("server profile not measured."), en);
    assertFalse(en.contains("waited") || en.contains("metrics not measured"), "no queue wait without one: " + en);
    String zh = InsideSentences.chinese(metricsOnlyNoQueueWait());
    assertTrue(zh.contains("embedding 调用 p95 +90 ms") && zh.endsWith("服务端 CPU 采样未测量。"), zh);
    assertFalse(zh.contains("等待") || zh.contains("指标未测量"), "no queue wait without one: " + zh);
  }

  @Test
  void aGrownFunctionWithoutABusierThreadKindIsNamedAlone() throws Exception {
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): server metrics not measured, "
        + "no thread kind busier (top growth: `embedder.embed` +20 points).", InsideSentences.english(noKindBusier()));
    assertEquals("search p95 在混合负载下 100 → 650 ms（+550 ms）：服务端指标未测量，"
        + "没有哪类线程更繁忙（增长最多：`embedder.embed` +20 个百分点）。", InsideSentences.chinese(noKindBusier()));
    assertFalse(InsideSentences.chinese(grown()).contains("没有哪类线程"), InsideSentences.chinese(grown()));
  }

  @Test
  void sourcesOnWithoutTheirFiguresSaySo() throws Exception {
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): the server's figures for it are missing.",
        InsideSentences.english(figuresMissing()));
    assertEquals("search p95 在混合负载下 100 → 650 ms（+550 ms）：服务端的相关数据缺失。", InsideSentences.chinese(figuresMissing()));
    assertFalse(InsideSentences.chinese(grown()).contains("缺失"), InsideSentences.chinese(grown()));
  }

  /** OpenViking's buckets: the route's p95 in (1, 2.5] s in both phases (interpolated 1750 and 2125), embedding calls above 10 s in both. */
  private static OperationInside oneCoarseBucket() {
    return InsideFindings.operation(Operation.SEARCH, 1200, 1591, phase(new HistogramQuantile(1750, 1000, 2500),
        new HistogramQuantile(10000, 10000, INF), null, 1), phase(new HistogramQuantile(2125, 1000, 2500),
        new HistogramQuantile(10000, 10000, INF), null, 4), null, true, false);
  }

  /** OpenViking's buckets, the p95s in different buckets: (0.25, 0.5] s to (2.5, 5] s; embedding (10, 50] ms to above 10 s. */
  private static OperationInside twoCoarseBuckets() {
    return InsideFindings.operation(Operation.SEARCH, 300, 2600, phase(new HistogramQuantile(400, 250, 500),
        new HistogramQuantile(40, 10, 50), null, 1), phase(new HistogramQuantile(3000, 2500, 5000),
        new HistogramQuantile(10000, 10000, INF), null, 4), null, true, false);
  }

  @Test
  void twoPhasesInOneCoarseBucketClaimNoChange() {
    assertEquals("search p95 1200 → 1591 ms under mixed load (+391 ms): the server's own p95 for the route 1–2.5 s in both phases "
        + "(one bucket: no change shown), embedding calls p95 > 10 s in both phases (above the top bucket: no change shown), "
        + "in-flight requests 1.0 → 4.0, server profile not measured.", InsideSentences.english(oneCoarseBucket()));
    assertEquals("search p95 在混合负载下 1200 → 1591 ms（+391 ms）：该路由的服务端自身 p95 两个阶段都在同一个桶内（1–2.5 s，看不出变化），"
        + "embedding 调用 p95 两个阶段都在最高桶之上（> 10 s，看不出变化），在途请求 1.0 → 4.0，服务端 CPU 采样未测量。",
        InsideSentences.chinese(oneCoarseBucket()));
    for (String s : List.of(InsideSentences.english(oneCoarseBucket()), InsideSentences.chinese(oneCoarseBucket()))) {
      assertFalse(s.contains("1750") || s.contains("2125") || s.contains("+0 ms") || s.contains("10000"), "an interpolation printed: " + s);
    }
  }

  @Test
  void coarseBucketsInDifferentPhasesAreRangesNotFigures() {
    assertEquals("search p95 300 → 2600 ms under mixed load (+2300 ms): the server's own p95 for the route 250–500 ms → 2.5–5 s "
        + "(bucket ranges), embedding calls p95 10–50 ms → > 10 s (bucket ranges), in-flight requests 1.0 → 4.0, "
        + "server profile not measured.", InsideSentences.english(twoCoarseBuckets()));
    assertEquals("search p95 在混合负载下 300 → 2600 ms（+2300 ms）：该路由的服务端自身 p95 250–500 ms → 2.5–5 s（桶的范围），"
        + "embedding 调用 p95 10–50 ms → > 10 s（桶的范围），在途请求 1.0 → 4.0，服务端 CPU 采样未测量。",
        InsideSentences.chinese(twoCoarseBuckets()));
    assertFalse(InsideSentences.english(twoCoarseBuckets()).contains("+9960"), "no growth from a floor");
  }

  @Test
  void theChineseSentencesCarryNoEnglishWords() throws Exception {
    for (OperationInside o : List.of(grown(), notGrown(), sourcesOff(), metricsOnlyNoQueueWait(), figuresMissing(), noKindBusier(),
        oneCoarseBucket(), twoCoarseBuckets())) {
      String zh = InsideSentences.chinese(o);
      for (String english : List.of("under mixed load", "busy", "waited", "not measured", "in-flight", "top growth", "missing", "points",
            "bucket", "phases")) {
        assertFalse(zh.contains(english), english + " in: " + zh);
      }
    }
  }
}
