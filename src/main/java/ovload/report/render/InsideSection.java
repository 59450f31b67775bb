package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import ovload.model.Operation;
import ovload.report.model.InsideFindings;
import ovload.report.model.InsideFindings.PhaseInside;
import ovload.serverside.metrics.HistogramQuantile;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.ProfileSummary;

/**
 * The summaries' "Inside the server" section: per adapter, retrieval alone against mixed load, the
 * server's own metrics, its threads' busy shares and the functions that grew most, the sentences,
 * and links to each phase's flame graph. Nothing when the run had neither metrics nor profiles.
 */
public final class InsideSection {
  private InsideSection() {}

  public static List<String> english(InsideFindings inside) {
    List<String> out = new ArrayList<>();
    if (inside == null) {
      return out;
    }
    out.add("");
    out.add("## Inside the server");
    out.add("Retrieval alone against mixed load, from the server's own metrics (`server_metrics.csv`, p95 over each "
        + "phase from its histograms' buckets, as Prometheus' `histogram_quantile`: a p95 whose bucket is wider than "
        + Math.round(HistogramQuantile.FINE_WIDTH * 100) + " % of its upper bound is shown as that bucket's range, which is all "
        + "the buckets tell) and a CPU profile of each phase (`profiles/`). "
        + (inside.metricsMeasured() ? "" : "Server metrics: not measured (see the notes). ")
        + (inside.profileMeasured() ? "" : "Server profile: not measured (see the notes)."));
    for (InsideFindings.AdapterInside a : inside.adapters()) {
      out.add("");
      out.add("### " + a.adapter());
      a.operations().forEach(o -> out.add("- " + InsideSentences.english(o)));
      if (a.retrieval() != null && a.mixed() != null) {
        out.add("");
        out.add("| server figure | retrieval | mixed |");
        out.add("|---|---:|---:|");
        for (Operation op : List.of(Operation.FIND, Operation.SEARCH, Operation.GREP, Operation.GLOB)) {
          quantileRow(out, op.wireName() + " p95 (server-side)", a, p -> p.routeP95Ms().get(op));
        }
        row(out, "in-flight requests, mean", a, p -> p.inflight() == null ? null : p.inflight().mean());
        row(out, "in-flight requests, max", a, p -> p.inflight() == null ? null : p.inflight().max());
        row(out, "queue depth (pending), mean", a, p -> p.queueDepth() == null ? null : p.queueDepth().mean());
        row(out, "queue depth (pending), max", a, p -> p.queueDepth() == null ? null : p.queueDepth().max());
        row(out, "queue wait, mean (ms: end-to-end − process)", a, PhaseInside::queueWaitMs);
        quantileRow(out, "embedding call p95", a, PhaseInside::embeddingP95Ms);
        row(out, "embedding calls/s", a, PhaseInside::embeddingCallsPerSec);
        quantileRow(out, "VLM call p95", a, PhaseInside::vlmP95Ms);
        row(out, "VLM calls/s", a, PhaseInside::vlmCallsPerSec);
      }
      DifferentialProfile diff = a.profile();
      if (diff != null) {
        out.add("");
        out.add("| thread kind | busy in retrieval | busy in mixed |");
        out.add("|---|---:|---:|");
        for (DifferentialProfile.KindChange k : diff.kinds()) {
          out.add("| " + k.kind().label() + " | " + pct(k.before()) + " | " + pct(k.after()) + " |");
        }
        out.add("");
        out.add("Functions whose share of busy samples grew most (differential profile):");
        out.add("");
        out.add("| function | retrieval | mixed | growth (points) |");
        out.add("|---|---:|---:|---:|");
        for (DifferentialProfile.FunctionChange f : diff.topGrowth()) {
          out.add("| `" + ProfileSummary.display(f.function()) + "` | " + pct(f.before()) + " | " + pct(f.after()) + " | "
              + String.format(Locale.ROOT, "%+.1f", f.growth() * 100) + " |");
        }
      }
      if (!a.flameGraphs().isEmpty()) {
        out.add("");
        out.add("Profiles: " + String.join(", ", a.flameGraphs().stream().map(g -> "[" + g + "](" + g + ")").toList()));
      }
    }
    return out;
  }

  /** The Chinese summary's short form: the sentences, in Chinese. */
  public static List<String> chinese(InsideFindings inside) {
    List<String> out = new ArrayList<>();
    if (inside == null) {
      return out;
    }
    out.add("");
    out.add("## 服务端内部");
    out.add("检索单独运行 vs 混合负载（服务端指标与各阶段 CPU 采样，详见 summary.md）"
        + (inside.metricsMeasured() ? "" : "；服务端指标未测量") + (inside.profileMeasured() ? "" : "；服务端采样未测量") + "：");
    for (InsideFindings.AdapterInside a : inside.adapters()) {
      a.operations().forEach(o -> out.add("- `" + a.adapter() + "` " + InsideSentences.chinese(o)));
    }
    return out;
  }

  private static void row(List<String> out, String label, InsideFindings.AdapterInside a, Function<PhaseInside, Double> f) {
    out.add("| " + label + " | " + num(f.apply(a.retrieval())) + " | " + num(f.apply(a.mixed())) + " |");
  }

  private static void quantileRow(List<String> out, String label, InsideFindings.AdapterInside a,
      Function<PhaseInside, HistogramQuantile> f) {
    HistogramQuantile before = f.apply(a.retrieval());
    HistogramQuantile after = f.apply(a.mixed());
    out.add("| " + label + " | " + (before == null ? "–" : QuantileText.english(before)) + " | "
        + (after == null ? "–" : QuantileText.english(after)) + " |");
  }

  private static String num(Double v) {
    if (v == null || v.isNaN()) {
      return "–";
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : "%.2f", v);
  }

  private static String pct(Double share) {
    return share == null ? "–" : String.format(Locale.ROOT, "%.1f %%", share * 100);
  }
}
