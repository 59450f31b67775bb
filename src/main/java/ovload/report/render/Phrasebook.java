package ovload.report.render;

import ovload.serverside.profile.ThreadKind;

/**
 * The words of the "Inside the server" sentences and quantiles in each language the reports are
 * written in, so that one builder ({@link InsideSentences}, {@link QuantileText}) says the same facts
 * in the same order in both. Patterns take their figures through {@link String#format}.
 */
enum Phrasebook {
  ENGLISH(" p95 ", " under mixed load: it did not grow, so nothing to explain.", " under mixed load (%s ms): ",
      "server metrics not measured", "the server's own p95 for the route ", "embedding calls p95 ",
      "background tasks waited %s ms in queue on average", "in-flight requests %.1f → %.1f",
      "server profile not measured", " (top growth: %s %s points)", "the %s busy ", "no thread kind busier",
      "the server's figures for it are missing", ", ", ".",
      " (above the top bucket)", " (the lowest bucket)", " (one bucket)",
      "%s in both phases (above the top bucket: no change shown)", "%s in both phases (one bucket: no change shown)",
      " (bucket ranges)"),
  CHINESE(" p95 在混合负载下 ", "：没有增长，无需解释。", "（%s ms）：",
      "服务端指标未测量", "该路由的服务端自身 p95 ", "embedding 调用 p95 ",
      "后台任务在队列中平均等待 %s ms", "在途请求 %.1f → %.1f",
      "服务端 CPU 采样未测量", "（增长最多：%s %s 个百分点）", "%s繁忙占比 ", "没有哪类线程更繁忙",
      "服务端的相关数据缺失", "，", "。",
      "（超出最高桶）", "（最低桶）", "（单个桶）",
      "两个阶段都在最高桶之上（%s，看不出变化）", "两个阶段都在同一个桶内（%s，看不出变化）",
      "（桶的范围）");

  final String p95;
  final String notGrown;
  final String underLoad;
  final String metricsOff;
  final String routeP95;
  final String embeddingP95;
  final String queueWait;
  final String inflight;
  final String profileOff;
  final String topGrowth;
  final String busy;
  final String noneBusier;
  final String missing;
  final String joiner;
  final String end;
  final String aboveTopBucket;
  final String lowestBucket;
  final String oneBucket;
  final String sameTopBucket;
  final String sameBucket;
  final String bucketRanges;

  Phrasebook(String p95, String notGrown, String underLoad, String metricsOff, String routeP95, String embeddingP95,
      String queueWait, String inflight, String profileOff, String topGrowth, String busy, String noneBusier,
      String missing, String joiner, String end, String aboveTopBucket, String lowestBucket, String oneBucket,
      String sameTopBucket, String sameBucket, String bucketRanges) {
    this.p95 = p95;
    this.notGrown = notGrown;
    this.underLoad = underLoad;
    this.metricsOff = metricsOff;
    this.routeP95 = routeP95;
    this.embeddingP95 = embeddingP95;
    this.queueWait = queueWait;
    this.inflight = inflight;
    this.profileOff = profileOff;
    this.topGrowth = topGrowth;
    this.busy = busy;
    this.noneBusier = noneBusier;
    this.missing = missing;
    this.joiner = joiner;
    this.end = end;
    this.aboveTopBucket = aboveTopBucket;
    this.lowestBucket = lowestBucket;
    this.oneBucket = oneBucket;
    this.sameTopBucket = sameTopBucket;
    this.sameBucket = sameBucket;
    this.bucketRanges = bucketRanges;
  }

  /** A thread kind's name in this language. */
  String threadKind(ThreadKind kind) {
    if (this == ENGLISH) {
      return kind.label();
    }
    return switch (kind) {
      case EVENT_LOOP -> "事件循环";
      case QUEUE_WORKERS -> "队列工作线程";
      case EXECUTOR -> "执行器线程";
      case OTHER -> "其他线程";
    };
  }
}
