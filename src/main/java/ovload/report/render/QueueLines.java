package ovload.report.render;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import ovload.recording.QueueTable;
import ovload.recording.RunOutcome;
import ovload.recording.ServerQueueDrain;
import ovload.report.model.QueueFindings;
import ovload.support.PythonFormat;

/** The summaries' sentences about the server's own queues; the flags come from {@link QueueFindings}. */
final class QueueLines {
  private QueueLines() {}

  /** The backlog line: "none" only when the tracked tasks and the server's queues are both empty. */
  static String backlog(long incompleteTasks, QueueFindings queues) {
    if (incompleteTasks > 0) {
      return "- Backlog: " + incompleteTasks + " background tasks were still unfinished after the final drain"
          + (queues != null && !queues.drained() ? "; the server's queues still held " + open(queues) + " messages." : ".");
    }
    if (queues == null) {
      return "- Backlog: none among the tracked tasks; the server's queues were not observed.";
    }
    return queues.drained()
        ? "- Backlog: none; every background task reached a terminal state and the server's queues were empty."
        : "- Backlog: every tracked task reached a terminal state, but the server's queues still held "
            + open(queues) + " messages after the final drain.";
  }

  /**
   * When the queues' last state was read: after the final drain, or, when none ran (an aborted or
   * interrupted run), at the last sample, which may predate the stop.
   */
  static String when(RunOutcome outcome) {
    return outcome.finalDrainRan() ? "after the final drain"
        : "at the last sample (no final drain ran: the run was " + outcome.outcome() + ")";
  }

  /** The key findings' block: the queues' state after the final drain, the wait for them, and the flags. */
  static List<String> english(QueueFindings queues, ServerQueueDrain drain, RunOutcome outcome) {
    List<String> out = new ArrayList<>();
    if (queues == null) {
      return out;
    }
    out.add(queues.drained()
        ? "- Server queues " + when(outcome) + ": all " + queues.end().size() + " empty (`server_queues.csv`, "
            + queues.samples() + " samples)."
        : "- Server queues " + when(outcome) + ": " + queues.pendingAtEnd().stream()
            .map(r -> "`" + r.queue() + "` " + r.pending() + " pending, " + r.inProgress() + " in progress")
            .collect(Collectors.joining("; ")) + " (`server_queues.csv`, " + queues.samples() + " samples).");
    if (drain != null) {
      out.add(drain.emptied()
          ? "- The server's queues emptied " + PythonFormat.fixed(drain.waitedSeconds(), 1)
              + " s after the tracked tasks' final drain (`-DdrainServerQueues`)."
          : "- The server's queues were still busy when the " + PythonFormat.fixed(drain.timeoutSeconds(), 0)
              + " s drain timeout passed (`-DdrainServerQueues`).");
    }
    for (QueueFindings.Growth storm : queues.storms()) {
      out.add("- Requeue storm: `" + storm.queue() + "` requeued " + storm.requeued() + " deliveries during the run while "
          + Math.max(0, storm.left()) + " left it (processed grew by " + storm.processed() + ", requeues included).");
    }
    for (QueueFindings.Livelock l : queues.livelocks()) {
      out.add("- Livelock: `" + l.queue() + "` took and put back work for " + PythonFormat.fixed(l.seconds(), 1)
          + " s (" + PythonFormat.fixed(l.fromSec(), 1) + " s to " + PythonFormat.fixed(l.toSec(), 1)
          + " s after the run began): processed +" + l.processed() + ", requeued +" + l.requeued() + ", pending "
          + l.pendingAtStart() + " -> " + l.pendingAtEnd() + " (flagged from " + PythonFormat.fixed(queues.livelockWindowSeconds(), 0)
          + " s, `-DlivelockSeconds`).");
    }
    return out;
  }

  /** The Chinese report's line, only when the server's queues were not empty. */
  static List<String> chinese(QueueFindings queues, RunOutcome outcome) {
    if (queues == null || queues.drained()) {
      return List.of();
    }
    return List.of("- 服务端队列" + (outcome.finalDrainRan() ? "在最终 drain 后" : "在最后一次采样时（未运行最终 drain）")
        + "仍有 " + open(queues) + " 条消息未处理："
        + queues.pendingAtEnd().stream().map(r -> "`" + r.queue() + "` " + r.open()).collect(Collectors.joining("，"))
        + (queues.livelocks().isEmpty() ? "。" : "；疑似活锁：" + queues.livelocks().stream()
            .map(l -> "`" + l.queue() + "`").collect(Collectors.joining("，")) + "。"));
  }

  private static long open(QueueFindings queues) {
    return queues.pendingAtEnd().stream().mapToLong(QueueTable.Row::open).sum();
  }
}
