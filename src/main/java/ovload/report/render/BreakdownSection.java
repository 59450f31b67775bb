package ovload.report.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.ArrayList;
import java.util.List;
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
        + " is observed minus server; the stages are OpenViking's telemetry (`\"telemetry\": true`) and `outside`"
        + " is server minus the stages' sum, over the requests that ran one query. Differences are taken per request, then their percentiles, so the"
        + " parts' percentiles need not add up to the whole's. `cli-subprocess` shows no headers: its CLI cost is"
        + " an estimate, observed minus the `sdk` server-time median of the same phase and operation."
        + " All figures: `latency_breakdown.csv`.");
    for (String line : overlapLines(b.overlap())) {
      out.add("");
      out.add(line);
    }
    out.add("");
    for (String adapter : adapters(b)) {
      for (String op : RETRIEVAL) {
        String line = shiftLine(adapter, op, b.shifts(adapter, op));
        if (line != null) {
          out.add(line + concurrencyNote(b, adapter, op));
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
   * After a shift line: in how many of its requests the stages are sums over concurrent queries, so
   * that its stage figures are not read as wall-clock time; empty when none were.
   */
  static String concurrencyNote(LatencyBreakdown b, String adapter, String op) {
    LatencyBreakdown.WallClock alone = b.wallClock(new LatencyBreakdown.Key(adapter, LatencyBreakdown.ALONE, op));
    LatencyBreakdown.WallClock mixed = b.wallClock(new LatencyBreakdown.Key(adapter, LatencyBreakdown.MIXED, op));
    if (alone == null || mixed == null || alone.requests() == alone.ofRequests() && mixed.requests() == mixed.ofRequests()) {
      return "";
    }
    return " Its stages are sums over concurrent queries in " + (alone.ofRequests() - alone.requests()) + " of "
        + alone.ofRequests() + " requests alone and " + (mixed.ofRequests() - mixed.requests()) + " of "
        + mixed.ofRequests() + " mixed.";
  }

  /** "`sdk` find p95 +X ms under mixed load (a -> b ms): embed_query +a, ..., client and network +d." */
  public static String shiftLine(String adapter, String op, List<LatencyBreakdown.Shift> shifts) {
    LatencyBreakdown.Shift whole = shifts.stream().filter(s -> s.component().equals(LatencyBreakdown.OBSERVED))
        .findFirst().orElse(null);
    if (whole == null) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    for (LatencyBreakdown.Shift s : shifts) { // the rows' order: inside the server out to the client
      String name = partName(s.component());
      if (name != null) {
        parts.add(name + " " + signed(s.deltaMs()));
      }
    }
    return "- `" + adapter + "` " + op + " p95 " + signed(whole.deltaMs()) + " ms under mixed load ("
        + PythonFormat.fixed(whole.aloneP95Ms(), 2) + " -> " + PythonFormat.fixed(whole.mixedP95Ms(), 2) + " ms)"
        + (parts.isEmpty() ? "." : ": " + String.join(", ", parts) + ".");
  }

  /** The words for a part in the shift sentence; null for the whole and for the server total. */
  private static String partName(String component) {
    if (component.startsWith(LatencyBreakdown.STAGE)) {
      return component.substring(LatencyBreakdown.STAGE.length());
    }
    return switch (component) {
      case LatencyBreakdown.OUTSIDE -> "server outside stages";
      case LatencyBreakdown.CLIENT -> "client and network";
      case LatencyBreakdown.CLI_COST -> "the CLI's own cost (estimate)";
      default -> null;
    };
  }

  /** One group's line of the section's table: percentiles as {@code p50/p95/p99} text, null when not measured. */
  @JsonPropertyOrder({"adapter", "phase", "operation", "requests", "observed p50/p95/p99", "server p50/p95/p99",
      "client+network p50/p95/p99", "stages p50/p95", "outside stages p50/p95", "CLI cost p50/p95/p99 (estimate)"})
  record TableRow(String adapter, String phase, String operation, int requests,
      @JsonProperty("observed p50/p95/p99") String observed, @JsonProperty("server p50/p95/p99") String server,
      @JsonProperty("client+network p50/p95/p99") String client, @JsonProperty("stages p50/p95") String stages,
      @JsonProperty("outside stages p50/p95") String outside, @JsonProperty("CLI cost p50/p95/p99 (estimate)") String cliCost) {}

  private static TableRow tableRow(LatencyBreakdown b, LatencyBreakdown.Key key) {
    List<LatencyBreakdown.Row> rows = b.of(key);
    List<String> stages = new ArrayList<>();
    rows.stream().filter(r -> r.component().startsWith(LatencyBreakdown.STAGE)).forEach(r -> stages.add(
        r.component().substring(LatencyBreakdown.STAGE.length()) + " " + two(r)));
    LatencyBreakdown.Row outside = b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.OUTSIDE);
    return new TableRow(key.adapter(), key.scenario(), key.operation(), rows.get(0).requests(), three(rows.get(0)),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.SERVER)),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.CLIENT)),
        stages.isEmpty() ? null : String.join("; ", stages), outside == null ? null : two(outside),
        three(b.find(key.adapter(), key.scenario(), key.operation(), LatencyBreakdown.CLI_COST)));
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
