package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.recording.RunOutcome;
import ovload.report.gates.GateResult;
import ovload.report.model.GatlingStats;
import ovload.report.model.IntendedLatency;
import ovload.report.model.QueueFindings;
import ovload.report.model.RequestStats;
import ovload.report.model.ResourceFindings;
import ovload.report.model.RunInfo;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.support.PythonFormat;

/** {@code summary.md}: the report's findings in English, with the charts a reader looks at first. */
public final class EnglishSummary {
  private EnglishSummary() {}

  public static String render(RunReport report, ChartSet drawn) {
    RunInfo run = report.run();
    RunTables t = report.tables();
    RunOutcome outcome = report.outcome();
    QueueFindings queues = report.queues();
    List<GatlingStats.Reconciliation> reconciliation = report.reconciliation();
    List<GateResult> gates = report.gates();
    ResourceFindings resources = report.resources();
    String gatlingReport = report.gatlingReport();
    List<String> out = new ArrayList<>();
    out.add("# OpenViking load test: " + run.runId() + (outcome.partial() ? " (PARTIAL: " + outcome.outcome() + ")" : ""));
    out.add("");
    out.add("- Server: `" + run.serverUrl() + "`" + (run.config().path("embedded_server").asBoolean(false)
        ? " (embedded stand-in, model mode `" + run.config().path("model_mode").asText() + "`)" : ""));
    out.add("- Adapters: `" + String.join(", ", run.adapters()) + "`; profile `" + run.config().path("profile").asText("n/a")
        + "`; load model `" + run.config().path("load_model").asText("closed") + "`");
    out.add("- Data root: `" + run.dataRootUri() + "`; run folder: `" + run.outputDir() + "`");
    if (gatlingReport != null) {
      out.add("- Gatling's HTML report: [" + gatlingReport + "](" + gatlingReport + ")");
    }
    out.add("");
    out.add("## Key findings");
    if (outcome.partial()) {
      out.add("- " + outcome.headline() + ": " + outcome.reason() + ". The load was stopped before the workload ended;"
          + " every figure below covers only what ran.");
    }
    if (run.projectCliRan()) {
      out.add("- `cli-subprocess` ran this project's Java CLI (`" + run.ovCliPath() + "`), not OpenViking's `ov`: its"
          + " figures describe our CLI (a JVM start per call), not OpenViking's. Run `scripts/fetch-ov.sh` or give"
          + " `-DovBin=<OpenViking's ov>` to measure OpenViking's.");
    }
    long total = t.phaseRequests();
    long failures = t.phaseFailures();
    long interrupted = t.phaseInterrupted();
    long ended = total - interrupted;
    out.add("- " + total + " requests, " + failures + " failed" + (interrupted == 0 ? ""
        : ", " + interrupted + " interrupted (in flight at the signal: neither successes nor failures)")
        + ": success rate " + PythonFormat.fixed(ended == 0 ? 0 : (ended - failures) * 100.0 / ended, 2) + " %.");
    for (String adapter : run.adapters()) {
      for (String op : List.of(Operation.FIND.wireName(), Operation.SEARCH.wireName())) {
        RequestStats alone = t.find(adapter, Phase.RETRIEVAL.wireName(), op);
        RequestStats mixed = t.find(adapter, Phase.MIXED.wireName(), op);
        Double aloneP95 = t.successPercentile(adapter, Phase.RETRIEVAL.wireName(), op, 95);
        Double mixedP95 = t.successPercentile(adapter, Phase.MIXED.wireName(), op, 95);
        if (alone != null && mixed != null && aloneP95 != null && mixedP95 != null) {
          out.add("- `" + adapter + "` " + op + " p95 (successful requests): " + ChineseSummary.ms(aloneP95) + " alone, "
              + ChineseSummary.ms(mixedP95) + " under mixed load ("
              + ChineseSummary.delta(ChineseSummary.percentChange(aloneP95, mixedP95)) + ").");
        }
      }
    }
    adapterOverhead(t).forEach(out::add);
    long incomplete = t.backlog();
    long failedTasks = t.taskSummary().stream().filter(r -> r.status().equals("failed")).mapToLong(RunTables.TaskStats::tasks).sum();
    out.add(!outcome.finalDrainRan()
        ? "- Backlog: not measured: no final drain ran (the run was " + outcome.outcome() + "); " + incomplete
            + " background tasks were still pending when the load stopped."
        : QueueLines.backlog(incomplete, queues));
    out.addAll(QueueLines.english(queues, report.queueDrain(), outcome));
    if (failedTasks > 0) {
      out.add("- " + failedTasks + " background tasks failed on the server.");
    }
    if (!t.errors().isEmpty()) {
      RunTables.ErrorCount top = t.errors().get(0);
      out.add("- Most frequent error: `" + top.adapter() + "/" + top.scenario() + "/" + top.operation() + "` `"
          + top.error() + "`, " + top.count() + " times.");
    }
    long mismatched = reconciliation.stream().filter(r -> !r.match()).count();
    out.add(reconciliation.isEmpty()
        ? "- Gatling's statistics were not available: the figures come from our events alone."
        : mismatched == 0
            ? "- Gatling's request counts and our events agree for all " + reconciliation.size() + " request names."
            : "- Gatling's request counts and our events differ for " + mismatched + " request names (see below).");
    long failedGates = gates.stream().filter(GateResult::failed).count();
    long skippedGates = gates.stream().filter(g -> g.skipped() != null).count();
    out.add("- Gates: " + (gates.size() - failedGates - skippedGates) + " passed, " + failedGates + " failed, "
        + skippedGates + " skipped (no requests) of " + gates.size() + " (`gates.xml`).");
    if (resources != null) {
      out.add("- Load generator: CPU p95 " + PythonFormat.fixed(resources.generatorCpuP95(), 1) + " % of the machine (max "
          + PythonFormat.fixed(resources.generatorCpuMax(), 1) + " %), " + resources.gc().pauses() + " GC pauses ("
          + PythonFormat.fixed(resources.gc().pauseMsTotal(), 0) + " ms in all); " + resources.gc().sentence()
          + ". Samples: `resources.csv`, `gc_pauses.csv`.");
    }
    if (report.models() != null) {
      out.add(report.models().line());
    }
    if (!report.notes().isEmpty()) {
      out.add("");
      out.add("## Notes");
      report.notes().forEach(n -> out.add("- " + n));
    }
    if (!drawn.charts().isEmpty()) {
      out.add("");
      out.add("## Charts");
      for (Charts.Chart chart : drawn.charts()) {
        out.add("");
        out.add("![" + chart.title() + "](" + chart.file() + ")");
      }
    }
    out.add("");
    if (!t.intendedLatency().isEmpty()) {
      out.add("## Open model: latency from the send and from the scheduled arrival");
      out.add(IntendedLatency.reading(t.intendedLatency()));
      out.add("");
      out.add(MarkdownTable.of(Rows.of(t.intendedLatency()), "_no data_"));
      out.add("");
    }
    out.add("## Client paths compared (all phases)");
    List<Map<String, Object>> comparison = new ArrayList<>();
    t.adapterComparison().forEach(r -> comparison.add(MarkdownTable.pick(Rows.of(r), "operation", "adapter", "requests",
        "success_rate", "qps", "p50_ms", "p95_ms", "p99_ms")));
    out.add(MarkdownTable.of(comparison, "_no data_"));
    out.add("");
    out.add("## Requests per phase");
    List<Map<String, Object>> summary = new ArrayList<>();
    t.requestSummary().stream().filter(r -> !r.scenario().equals("ALL")).forEach(r -> summary.add(MarkdownTable.pick(
        Rows.of(r), "adapter", "scenario", "operation", "requests", "failures", "qps", "p50_ms", "p95_ms", "p99_ms", "max_ms")));
    out.add(MarkdownTable.of(summary, "_no data_"));
    // where each phase's time went, right under the phase's figures
    out.add(BreakdownSection.render(report.breakdown(), drawn.breakdown()).stripTrailing());
    out.addAll(InsideSection.english(report.inside()));
    if (queues != null) {
      out.add("");
      out.add("## Server queues " + QueueLines.when(outcome));
      out.add(MarkdownTable.of(Rows.of(queues.end()), "_no data_"));
    }
    out.add("");
    out.add("## Background tasks");
    out.add(MarkdownTable.of(Rows.of(t.taskSummary()), "No background tasks were recorded."));
    out.add("");
    out.add("## Errors");
    out.add(MarkdownTable.of(Rows.of(t.errors().stream().limit(20).toList()), "No request failed."));
    out.add("");
    out.add("## Gates that failed");
    List<Map<String, Object>> failedRows = new ArrayList<>();
    gates.stream().filter(GateResult::failed).forEach(g -> failedRows.add(MarkdownTable.pick(Map.of("adapter", g.gate().adapter(),
        "gate", g.gate().name(), "measured", PythonFormat.round(g.measured(), 4)), "adapter", "gate", "measured")));
    out.add(MarkdownTable.of(failedRows, "None."));
    out.add("");
    out.add("## Phases");
    List<Map<String, Object>> phaseRows = new ArrayList<>();
    report.phases().forEach(p -> phaseRows.add(Map.of("adapter", p.adapter(), "scenario", p.scenario(),
        "duration_seconds", PythonFormat.round(p.durationSeconds(), 3))));
    out.add(MarkdownTable.of(phaseRows.stream().map(r -> MarkdownTable.pick(r, "adapter", "scenario", "duration_seconds")).toList(), "_no data_"));
    if (!reconciliation.isEmpty()) {
      out.add("");
      out.add("## Gatling vs our events");
      List<Map<String, Object>> rows = new ArrayList<>();
      reconciliation.forEach(r -> rows.add(MarkdownTable.pick(Map.of("request", r.name(), "gatling", r.gatling() == null ? "absent" : r.gatling(),
          "events", r.events(), "match", r.match() ? "yes" : "NO"), "request", "gatling", "events", "match")));
      out.add(MarkdownTable.of(rows, ""));
    }
    out.add("");
    out.add("## Files");
    out.add("`request_summary.csv`, `request_windows.csv`, `task_summary.csv`, `adapter_comparison.csv`, `errors.csv`, "
        + "`run_summary.json`, `summary_zh.md` (the script's formats); `request_events.jsonl`, `task_events.jsonl`, "
        + "`phases.json`, `run_config.json`, `server_queues.csv` (raw records); `charts/` (these pictures)"
        + (gatlingReport != null ? "; `" + gatlingReport.substring(0, gatlingReport.indexOf('/') + 1) + "` (Gatling's report)." : "."));
    return String.join("\n", out) + "\n";
  }

  /**
   * How much each client path adds over sdk, per compared operation: the p50 difference of the
   * successful requests. An adapter whose requests failed is never ranked above one whose did not:
   * its successes may be the quick ones.
   */
  private static List<String> adapterOverhead(RunTables t) {
    List<String> lines = new ArrayList<>();
    for (String op : List.of(Operation.FIND.wireName(), Operation.ADD_MESSAGE.wireName())) {
      RequestStats sdk = t.find("sdk", "ALL", op);
      Double sdkP50 = t.successPercentile("sdk", "ALL", op, 50);
      if (sdk == null || sdkP50 == null) {
        continue;
      }
      for (String adapter : List.of("cli-http", "cli-subprocess")) {
        RequestStats other = t.find(adapter, "ALL", op);
        Double otherP50 = t.successPercentile(adapter, "ALL", op, 50);
        if (other == null || otherP50 == null) {
          continue;
        }
        boolean below = otherP50 < sdkP50;
        if ((other.failures() > 0) != (sdk.failures() > 0)) {
          RequestStats failing = other.failures() > 0 ? other : sdk;
          RequestStats clean = other.failures() > 0 ? sdk : other;
          boolean failingFaster = failing == other ? below : !below;
          if (failingFaster) {
            lines.add("- `" + adapter + "` and `sdk` " + op + " are not ranked: " + failing.failures() + " of `"
                + failing.adapter() + "`'s " + failing.requests() + " requests failed and none of `" + clean.adapter()
                + "`'s (p50 of successful requests " + ChineseSummary.ms(otherP50) + " vs " + ChineseSummary.ms(sdkP50) + ").");
            continue;
          }
        }
        lines.add("- `" + adapter + "` " + op + " p50 is " + PythonFormat.fixed(Math.abs(otherP50 - sdkP50), 2)
            + " ms " + (below ? "below" : "above") + " `sdk` (" + ChineseSummary.ms(otherP50)
            + " vs " + ChineseSummary.ms(sdkP50) + ").");
      }
    }
    return lines;
  }
}
