package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovload.report.model.OperationInside;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.ProfileSummary;
import ovload.serverside.profile.ThreadKind;

/**
 * One retrieval operation's "Inside the server" sentence, in English (summary.md, summary.html) and
 * in Chinese (summary_zh.md): the same facts and figures in the same order. A p95 that did not grow
 * is not explained; each source that was off is "not measured"; a server histogram's p95 is a figure
 * or its bucket's range, and no change is claimed between two in one bucket ({@link QuantileText}).
 */
public final class InsideSentences {
  private InsideSentences() {}

  public static String english(OperationInside o) {
    String head = o.op().wireName() + " p95 " + fmt(o.aloneMs()) + " → " + fmt(o.loadedMs()) + " ms";
    if (!o.grew()) {
      return head + " under mixed load: it did not grow, so nothing to explain.";
    }
    List<String> parts = new ArrayList<>();
    if (!o.metricsMeasured()) {
      parts.add("server metrics not measured");
    } else {
      if (o.routeP95BeforeMs() != null && o.routeP95AfterMs() != null) {
        parts.add("the server's own p95 for the route " + QuantileText.englishChange(o.routeP95BeforeMs(), o.routeP95AfterMs()));
      }
      if (o.embeddingP95BeforeMs() != null) {
        String growth = QuantileText.growth(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs());
        parts.add("embedding calls p95 " + (growth != null ? growth : QuantileText.englishChange(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs())));
      }
      if (o.queueWaitMs() != null) {
        parts.add("background tasks waited " + fmt(o.queueWaitMs()) + " ms in queue on average");
      }
      if (o.inflightBefore() != null) {
        parts.add("in-flight requests " + String.format(Locale.ROOT, "%.1f → %.1f", o.inflightBefore(), o.inflightAfter()));
      }
    }
    if (!o.profileMeasured()) {
      parts.add("server profile not measured");
    } else if (o.profiled()) {
      String top = o.topGrowth() == null ? "" : " (top growth: " + function(o.topGrowth()) + " " + signed(o.topGrowth().growth() * 100) + " points)";
      if (o.busiest() != null) {
        parts.add("the " + o.busiest().kind().label() + " busy " + pct(o.busiest().before()) + " → " + pct(o.busiest().after()) + top);
      } else if (!top.isEmpty()) {
        parts.add("no thread kind busier" + top);
      }
    }
    return head + " under mixed load (" + signed(o.loadedMs() - o.aloneMs()) + " ms): "
        + (parts.isEmpty() ? "the server's figures for it are missing" : String.join(", ", parts)) + ".";
  }

  public static String chinese(OperationInside o) {
    String head = o.op().wireName() + " p95 在混合负载下 " + fmt(o.aloneMs()) + " → " + fmt(o.loadedMs()) + " ms";
    if (!o.grew()) {
      return head + "：没有增长，无需解释。";
    }
    List<String> parts = new ArrayList<>();
    if (!o.metricsMeasured()) {
      parts.add("服务端指标未测量");
    } else {
      if (o.routeP95BeforeMs() != null && o.routeP95AfterMs() != null) {
        parts.add("该路由的服务端自身 p95 " + QuantileText.chineseChange(o.routeP95BeforeMs(), o.routeP95AfterMs()));
      }
      if (o.embeddingP95BeforeMs() != null) {
        String growth = QuantileText.growth(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs());
        parts.add("embedding 调用 p95 " + (growth != null ? growth : QuantileText.chineseChange(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs())));
      }
      if (o.queueWaitMs() != null) {
        parts.add("后台任务在队列中平均等待 " + fmt(o.queueWaitMs()) + " ms");
      }
      if (o.inflightBefore() != null) {
        parts.add("在途请求 " + String.format(Locale.ROOT, "%.1f → %.1f", o.inflightBefore(), o.inflightAfter()));
      }
    }
    if (!o.profileMeasured()) {
      parts.add("服务端 CPU 采样未测量");
    } else if (o.profiled()) {
      String top = o.topGrowth() == null ? "" : "（增长最多：" + function(o.topGrowth()) + " " + signed(o.topGrowth().growth() * 100) + " 个百分点）";
      if (o.busiest() != null) {
        parts.add(chinese(o.busiest().kind()) + "繁忙占比 " + pct(o.busiest().before()) + " → " + pct(o.busiest().after()) + top);
      } else if (!top.isEmpty()) {
        parts.add("没有哪类线程更繁忙" + top);
      }
    }
    return head + "（" + signed(o.loadedMs() - o.aloneMs()) + " ms）："
        + (parts.isEmpty() ? "服务端的相关数据缺失" : String.join("，", parts)) + "。";
  }

  private static String chinese(ThreadKind kind) {
    return switch (kind) {
      case EVENT_LOOP -> "事件循环";
      case QUEUE_WORKERS -> "队列工作线程";
      case EXECUTOR -> "执行器线程";
      case OTHER -> "其他线程";
    };
  }

  private static String function(DifferentialProfile.FunctionChange f) {
    return "`" + ProfileSummary.display(f.function()) + "`";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.0f", v);
  }

  private static String pct(double share) {
    return String.format(Locale.ROOT, "%.0f %%", share * 100);
  }
}
