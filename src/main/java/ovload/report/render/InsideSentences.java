package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import ovload.report.model.OperationInside;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.ProfileSummary;

/**
 * One retrieval operation's "Inside the server" sentence, in English (summary.md, summary.html) and
 * in Chinese (summary_zh.md): the same facts and figures in the same order. A p95 that did not grow
 * is not explained; each source that was off is "not measured"; a server histogram's p95 is a figure
 * or its bucket's range, and no change is claimed between two in one bucket ({@link QuantileText}).
 */
public final class InsideSentences {
  private InsideSentences() {}

  public static String english(OperationInside o) {
    return sentence(o, Phrasebook.ENGLISH);
  }

  public static String chinese(OperationInside o) {
    return sentence(o, Phrasebook.CHINESE);
  }

  private static String sentence(OperationInside o, Phrasebook words) {
    String head = o.op().wireName() + words.p95 + fmt(o.aloneMs()) + " → " + fmt(o.loadedMs()) + " ms";
    if (!o.grew()) {
      return head + words.notGrown;
    }
    List<String> parts = new ArrayList<>();
    if (!o.metricsMeasured()) {
      parts.add(words.metricsOff);
    } else {
      if (o.routeP95BeforeMs() != null && o.routeP95AfterMs() != null) {
        parts.add(words.routeP95 + QuantileText.change(o.routeP95BeforeMs(), o.routeP95AfterMs(), words));
      }
      if (o.embeddingP95BeforeMs() != null) {
        String growth = QuantileText.growth(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs());
        parts.add(words.embeddingP95 + (growth != null ? growth : QuantileText.change(o.embeddingP95BeforeMs(), o.embeddingP95AfterMs(), words)));
      }
      if (o.queueWaitMs() != null) {
        parts.add(String.format(words.queueWait, fmt(o.queueWaitMs())));
      }
      if (o.inflightBefore() != null) {
        parts.add(String.format(Locale.ROOT, words.inflight, o.inflightBefore(), o.inflightAfter()));
      }
    }
    if (!o.profileMeasured()) {
      parts.add(words.profileOff);
    } else if (o.profiled()) {
      String top = o.topGrowth() == null ? "" : String.format(words.topGrowth, function(o.topGrowth()), signed(o.topGrowth().growth() * 100));
      if (o.busiest() != null) {
        parts.add(String.format(words.busy, words.threadKind(o.busiest().kind())) + pct(o.busiest().before()) + " → " + pct(o.busiest().after()) + top);
      } else if (!top.isEmpty()) {
        parts.add(words.noneBusier + top);
      }
    }
    return head + String.format(words.underLoad, signed(o.loadedMs() - o.aloneMs()))
        + (parts.isEmpty() ? words.missing : String.join(words.joiner, parts)) + words.end;
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
