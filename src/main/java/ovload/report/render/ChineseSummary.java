package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.recording.RunOutcome;
import ovload.report.model.RequestStats;
import ovload.report.model.RunInfo;
import ovload.report.model.RunReport;
import ovload.report.model.RunTables;
import ovload.support.PythonFormat;

/** {@code summary_zh.md}: the script's Chinese report, line for line. */
public final class ChineseSummary {
  private ChineseSummary() {}

  public static String render(RunReport report) {
    RunInfo run = report.run();
    RunTables t = report.tables();
    RunOutcome outcome = report.outcome();
    List<String> lines = new ArrayList<>();
    lines.add("# OpenViking Server 压测报告");
    lines.add("");
    lines.add("- 运行 ID: `" + run.runId() + "`");
    lines.add("- Server: `" + run.serverUrl() + "`");
    lines.add("- 调用路径: `" + String.join(", ", run.adapters()) + "`");
    lines.add("- 测试数据根目录: `" + run.dataRootUri() + "`");
    lines.add("- 输出目录: `" + run.outputDir() + "`");
    if (!report.notes().isEmpty()) {
      lines.add("");
      lines.add("## 说明");
      report.notes().forEach(n -> lines.add("- " + n));
    }
    lines.add("");
    lines.add("## 核心结论");
    if (outcome.partial()) {
      lines.add("- 本次运行不完整（" + outcome.outcome() + "）：" + outcome.reason() + "。以下数据只覆盖已运行的部分，未执行最终 drain。");
    }
    if (run.projectCliRan()) {
      lines.add("- `cli-subprocess` 运行的是本项目的 Java CLI（`" + run.ovCliPath() + "`），不是 OpenViking 的 `ov`："
          + "其数据描述的是我们的 CLI（每次调用启动一个 JVM），而非 OpenViking 的 CLI。运行 `scripts/fetch-ov.sh`"
          + " 或设置 `-DovBin=<OpenViking 的 ov>` 以测量 OpenViking 的 CLI。");
    }
    long total = t.phaseRequests();
    long failures = t.phaseFailures();
    long interrupted = t.phaseInterrupted(); // only a run stopped by a signal has any: the line is the script's otherwise
    long ended = total - interrupted;
    double rate = ended == 0 ? 0.0 : (ended - failures) / (double) ended * 100.0;
    lines.add("- 本次共记录 " + total + " 次请求，失败 " + failures + " 次，"
        + (interrupted == 0 ? "" : "中断 " + interrupted + " 次（信号到达时仍在进行，不计为成功或失败），")
        + "整体成功率 " + PythonFormat.fixed(rate, 2) + "%。");
    for (String adapter : run.adapters()) {
      RequestStats mixed = t.find(adapter, Phase.MIXED.wireName(), Operation.FIND.wireName());
      RequestStats retrieval = t.find(adapter, Phase.RETRIEVAL.wireName(), Operation.FIND.wireName());
      if (mixed != null && retrieval != null) {
        lines.add("- `" + adapter + "` find p95: retrieval " + ms(retrieval.p95Ms()) + " -> mixed " + ms(mixed.p95Ms())
            + "，变化 " + delta(percentChange(retrieval.p95Ms(), mixed.p95Ms())) + "。");
      }
    }
    long incomplete = t.backlog();
    if (incomplete > 0) {
      lines.add("- 后台任务存在积压：" + incomplete + " 个任务在 drain 后仍未完成。");
    }
    lines.addAll(QueueLines.chinese(report.queues(), report.outcome()));
    if (!t.errors().isEmpty()) {
      RunTables.ErrorCount top = t.errors().get(0);
      lines.add("- Top 错误: `" + top.adapter() + "/" + top.scenario() + "/" + top.operation() + "` `" + top.error()
          + "` 共 " + top.count() + " 次。");
    }
    lines.add("");
    lines.add("## 阶段耗时");
    lines.add(MarkdownTable.of(Rows.of(report.phases()), "_无数据_"));
    lines.add("");
    lines.add("## 请求汇总");
    List<Map<String, Object>> summary = new ArrayList<>();
    t.requestSummary().stream().filter(r -> !r.scenario().equals("ALL"))
        .forEach(r -> summary.add(MarkdownTable.pick(Rows.of(r), "adapter", "scenario", "operation", "requests",
            "success_rate", "qps", "p50_ms", "p95_ms", "p99_ms", "max_ms")));
    lines.add(MarkdownTable.of(summary, "_无数据_"));
    lines.add("");
    lines.add("## SDK/CLI 对比");
    List<Map<String, Object>> comparison = new ArrayList<>();
    t.adapterComparison().forEach(r -> comparison.add(MarkdownTable.pick(Rows.of(r), "adapter", "operation", "requests",
        "success_rate", "qps", "p95_ms", "p99_ms")));
    lines.add(MarkdownTable.of(comparison, "_无数据_"));
    lines.addAll(InsideSection.chinese(report.inside()));
    lines.add("");
    lines.add("## 后台任务");
    lines.add(MarkdownTable.of(Rows.of(t.taskSummary()), "无后台任务记录。"));
    lines.add("");
    lines.add("## 错误 Top");
    lines.add(MarkdownTable.of(Rows.of(t.errors().stream().limit(20).toList()), "无请求错误。"));
    lines.add("");
    lines.add("## 输出文件");
    lines.add("- `run_summary.json`: 汇总数据");
    lines.add("- `request_events.jsonl`: 每次请求明细");
    lines.add("- `task_events.jsonl`: 后台任务明细");
    lines.add("- `request_summary.csv`: 请求聚合");
    lines.add("- `request_windows.csv`: 时间窗口聚合");
    lines.add("- `adapter_comparison.csv`: SDK/CLI 对比");
    return String.join("\n", lines) + "\n";
  }

  static Double percentChange(Double old, Double now) {
    if (old == null || now == null || old == 0) {
      return null;
    }
    return (now - old) / old * 100.0;
  }

  static String ms(Double value) {
    return value == null ? "n/a" : PythonFormat.fixed(value, 2) + "ms";
  }

  static String delta(Double value) {
    return value == null ? "n/a" : (value >= 0 ? "+" : "") + PythonFormat.fixed(value, 2) + "%";
  }
}
