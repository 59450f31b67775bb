package ovload.report.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ovload.report.model.LatencyBreakdown;
import ovload.support.PythonFormat;

/** The "Where the time goes" section of {@code summary.md}: {@link LatencyBreakdown} in words, a table and charts. */
public final class BreakdownSection {
  private static final List<String> RETRIEVAL = List.of("find", "search");

  private BreakdownSection() {}

  public static String render(LatencyBreakdown b, List<Charts.Chart> charts) {
    List<String> out = new ArrayList<>();
    out.add("");
    out.add("## Where the time goes");
    if (!b.hasServerTime()) {
      out.add("No request carried the server's own time (`X-Process-Time`): nothing to break down.");
      return String.join("\n", out) + "\n";
    }
    out.add("Successful requests only. `server` is the server's own time (`X-Process-Time`); client and network"
        + " is observed minus server (for `cli-subprocess`, whose exchanges a loopback relay reads, that is the CLI's own"
        + " cost, the relay's included); the stages are OpenViking's telemetry (`\"telemetry\": true`) and `outside`"
        + " is server minus the stages' sum, over the requests that ran one query. \"Not in any named stage\" is"
        + " server minus the least wall-clock time the stages allow, over every request with a server time: for a"
        + " search that ran several queries at once, target_abstract + intent_analysis + (embed_query +"
        + " vector_retrieval) / queries, so there it is an upper bound. Differences are taken per request, then their"
        + " percentiles, so the parts' percentiles need not add up to the whole's. A `cli-subprocess` request without"
        + " a server time has no part of its own: its phase is compared with the `sdk` path's at the same percentile."
        + " All figures: `latency_breakdown.csv`.");
    for (String line : overlapLines(b.overlap())) {
      out.add("");
      out.add(line);
    }
    out.add("");
    for (String adapter : adapters(b)) {
      for (String op : RETRIEVAL) {
        String line = shiftLine(b, adapter, op);
        if (line != null) {
          out.add(line);
        }
      }
    }
    out.add("");
    out.add(MarkdownTable.of(Rows.of(b.keys().stream().map(key -> tableRow(b, key)).toList()), "_no data_"));
    for (Charts.Chart chart : charts) {
      out.add("");
      out.add("![" + chart.title() + "](" + chart.file() + ")");
    }
    return String.join("\n", out) + "\n";
  }

  /**
   * What a reader must know before adding stages up: which requests ran concurrent queries (their
   * stages are sums, not wall-clock parts), and any request of one query whose stages outgrew the
   * server's time. Empty when neither happened.
   */
  public static List<String> overlapLines(LatencyBreakdown.Overlap o) {
    List<String> lines = new ArrayList<>();
    if (o.concurrent() > 0) {
      LatencyBreakdown.Excess over = o.concurrentExcess();
      lines.add("Concurrent queries: in " + o.concurrent() + " of " + o.withStages() + " requests with stages, OpenViking"
          + " ran several queries at once (up to " + o.maxQueries() + "; `typed_queries` in the events) and summed each"
          + " stage over them, so there the stages are not wall-clock parts of the server's time: `outside` and the"
          + " charts leave those requests out."
          + (over.requests() == 0 ? "" : " In " + over.requests() + " of them the stages add up to more than the server's"
              + " time (by up to " + PythonFormat.fixed(over.maxMs(), 2) + " ms)."));
    }
    LatencyBreakdown.Excess single = o.singleExcess();
    if (single.requests() > 0) {
      lines.add("Stages outgrow the server: in " + single.requests() + " of " + (o.withStages() - o.concurrent())
          + " requests with stages that did not report several queries, the stages add up to more than the server's"
          + " time (by up to " + PythonFormat.fixed(single.maxMs(), 2) + " ms), so `outside` is negative for them; a"
          + " server that does not report `typed_queries_count` may have run concurrent queries there.");
    }
    return lines;
  }

  /**
   * "`sdk` find p95 +X ms under mixed load (a -> b ms): embed_query +a, ..., client and network +d; not in
   * any named stage: +r ms (...)." Every line ends with what its named parts leave out, in ms: with a
   * server time, the p95 shift of each request's server time outside the stages (a bound where a
   * search ran concurrent queries, said with its counts); for a cli-subprocess path without one, the
   * {@code sdk} path's own shift, which the difference between the paths does not cover. Null unless
   * both phases ran.
   */
  public static String shiftLine(LatencyBreakdown b, String adapter, String op) {
    List<LatencyBreakdown.Shift> shifts = b.shifts(adapter, op);
    LatencyBreakdown.Shift whole = find(shifts, LatencyBreakdown.OBSERVED);
    if (whole == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (LatencyBreakdown.Shift s : shifts) { // the rows' order: inside the server out to the client
      String name = partName(adapter, s.component());
      if (name != null) {
        parts.add(name + " " + signed(s.deltaMs()));
      }
    }
    return "- `" + adapter + "` " + op + " p95 " + signed(whole.deltaMs()) + " ms under mixed load ("
        + PythonFormat.fixed(whole.aloneP95Ms(), 2) + " -> " + PythonFormat.fixed(whole.mixedP95Ms(), 2) + " ms)"
        + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)) + "; " + remainder(b, adapter, op, whole, shifts) + ".";
  }

  /** The line's last part: what its named parts do not cover, and how it was had. */
  private static String remainder(LatencyBreakdown b, String adapter, String op, LatencyBreakdown.Shift whole,
      List<LatencyBreakdown.Shift> shifts) {
    LatencyBreakdown.Shift notNamed = find(shifts, LatencyBreakdown.NOT_NAMED);
    if (notNamed == null) {
      LatencyBreakdown.Shift difference = find(shifts, LatencyBreakdown.SDK_DIFFERENCE);
      double named = difference == null ? 0 : difference.deltaMs();
      return "not in any named part: " + signed(whole.deltaMs() - named) + " ms"
          + (difference == null ? " (no part measured)" : " (the `sdk` path's own p95 shift)");
    }
    String levels = "p95 " + PythonFormat.fixed(notNamed.aloneP95Ms(), 2) + " -> " + PythonFormat.fixed(notNamed.mixedP95Ms(), 2) + " ms";
    boolean stages = shifts.stream().anyMatch(s -> s.component().startsWith(LatencyBreakdown.STAGE));
    String how = !stages ? "; the server's whole time: it reported no stages"
        : bounded(b, adapter, op).map(counts -> "; an upper bound: " + counts + " ran several queries at once, whose"
            + " summed stages count at the least wall-clock time they allow, target_abstract + intent_analysis +"
            + " (embed_query + vector_retrieval) / queries").orElse("");
    return "not in any named stage: " + signed(notNamed.deltaMs()) + " ms (" + levels + how + ")";
  }

  /** "2 of 40 searches alone and 9 of 31 mixed" when a phase's remainder is a bound; empty when neither is. */
  private static Optional<String> bounded(LatencyBreakdown b, String adapter, String op) {
    LatencyBreakdown.Row alone = b.find(adapter, LatencyBreakdown.ALONE, op, LatencyBreakdown.NOT_NAMED);
    LatencyBreakdown.Row mixed = b.find(adapter, LatencyBreakdown.MIXED, op, LatencyBreakdown.NOT_NAMED);
    if (!alone.estimate() && !mixed.estimate()) {
      return Optional.empty();
    }
    LatencyBreakdown.WallClock a = b.wallClock(alone.key());
    LatencyBreakdown.WallClock m = b.wallClock(mixed.key());
    return Optional.of((a.ofRequests() - a.requests()) + " of " + a.ofRequests() + " requests alone and "
        + (m.ofRequests() - m.requests()) + " of " + m.ofRequests() + " mixed");
  }

  private static LatencyBreakdown.Shift find(List<LatencyBreakdown.Shift> shifts, String component) {
    return shifts.stream().filter(s -> s.component().equals(component)).findFirst().orElse(null);
  }

  /** The words for a named part in the shift sentence; null for the whole, the server total, and the remainders. */
  private static String partName(String adapter, String component) {
    if (component.startsWith(LatencyBreakdown.STAGE)) {
      return component.substring(LatencyBreakdown.STAGE.length());
    }
    return switch (component) {
      case LatencyBreakdown.CLIENT -> adapter.equals(LatencyBreakdown.SUBPROCESS)
          ? "the CLI's own cost (observed minus server time)" : "client and network";
      case LatencyBreakdown.SDK_DIFFERENCE -> "difference from the `sdk` path at the same percentile";
      default -> null;
    };
  }

  /** One group's line of the section's table: percentiles as {@code p50/p95/p99} text, null when not measured. */
  @JsonPropertyOrder({"adapter", "phase", "operation", "requests", "observed p50/p95/p99", "server p50/p95/p99",
      "client+network p50/p95/p99", "stages p50/p95", "outside stages p50/p95", "not in a named stage p50/p95",
      "difference from sdk p50/p95/p99"})
  record TableRow(String adapter, String phase, String operation, int requests,
      @JsonProperty("observed p50/p95/p99") String observed, @JsonProperty("server p50/p95/p99") String server,
      @JsonProperty("client+network p50/p95/p99") String client, @JsonProperty("stages p50/p95") String stages,
      @JsonProperty("outside stages p50/p95") String outside,
      @JsonProperty("not in a named stage p50/p95") String notNamed,
      @JsonProperty("difference from sdk p50/p95/p99") String sdkDifference) {}

  private static TableRow tableRow(LatencyBreakdown b, LatencyBreakdown.Key key) {
    List<LatencyBreakdown.Row> rows = b.of(key);
    List<String> stages = new ArrayList<>();
    rows.stream().filter(r -> r.component().startsWith(LatencyBreakdown.STAGE)).forEach(r -> stages.add(
        r.component().substring(LatencyBreakdown.STAGE.length()) + " " + two(r)));
    LatencyBreakdown.Row outside = b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.OUTSIDE);
    LatencyBreakdown.Row notNamed = b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.NOT_NAMED);
    return new TableRow(key.adapter(), key.scenario(), key.operation(), rows.get(0).requests(), three(rows.get(0)),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.SERVER)),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.CLIENT)),
        stages.isEmpty() ? null : String.join("; ", stages), outside == null ? null : two(outside),
        notNamed == null ? null : two(notNamed) + (notNamed.estimate() ? " (bound)" : ""),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.SDK_DIFFERENCE)));
  }

  private static List<String> adapters(LatencyBreakdown b) {
    return b.keys().stream().map(LatencyBreakdown.Key::adapter).distinct().toList();
  }

  private static String three(LatencyBreakdown.Row r) {
    return r == null || r.p50Ms() == null ? null
        : PythonFormat.fixed(r.p50Ms(), 2) + "/" + PythonFormat.fixed(r.p95Ms(), 2) + "/" + PythonFormat.fixed(r.p99Ms(), 2);
  }

  /** p50/p95; null for a row of no request (`outside` when every search of a group ran several queries). */
  private static String two(LatencyBreakdown.Row r) {
    return r.p50Ms() == null ? null : PythonFormat.fixed(r.p50Ms(), 2) + "/" + PythonFormat.fixed(r.p95Ms(), 2);
  }

  private static String signed(double ms) {
    return (ms >= 0 ? "+" : "") + PythonFormat.fixed(ms, 2);
  }
}
