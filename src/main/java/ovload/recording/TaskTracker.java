package ovload.recording;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.model.ErrorText;

/**
 * Background tasks returned by add_resource and commit, from submission until a drain sees them
 * {@code completed} or {@code failed} (a task event), or the final drain gives up ({@code
 * incomplete}). Thread-safe: workers of every adapter register while drains poll.
 */
public final class TaskTracker {
  private record Pending(
      String adapter, String taskId, String taskType, String originScenario, String resourceId,
      long submittedNanos) {}

  private final Map<String, Map<String, Pending>> pendingByAdapter = new LinkedHashMap<>();
  private final EventRecorder recorder;
  private final RunClock clock;

  public TaskTracker(EventRecorder recorder, RunClock clock) {
    this.recorder = recorder;
    this.clock = clock;
  }

  public synchronized void register(
      String adapter, String taskId, String taskType, String originScenario, String resourceId) {
    pendingByAdapter
        .computeIfAbsent(adapter, a -> new LinkedHashMap<>())
        .putIfAbsent(taskId, new Pending(adapter, taskId, taskType, originScenario, resourceId, clock.nanos()));
  }

  public synchronized boolean hasPending(String adapter) {
    Map<String, Pending> pending = pendingByAdapter.get(adapter);
    return pending != null && !pending.isEmpty();
  }

  /** The adapter's pending task ids, oldest first: one drain round polls each once. */
  public synchronized List<String> pendingIds(String adapter) {
    Map<String, Pending> pending = pendingByAdapter.get(adapter);
    return pending == null ? List.of() : List.copyOf(pending.keySet());
  }

  public synchronized int pendingCount() {
    return pendingByAdapter.values().stream().mapToInt(Map::size).sum();
  }

  /**
   * A successful get_task answer: a terminal status ends the task with a task event; anything else
   * leaves it pending for the next round.
   */
  public void onPolled(String adapter, String taskId, JsonNode task, String completionScenario) {
    String status = TaskRecords.status(task);
    if (!"completed".equals(status) && !"failed".equals(status)) {
      return;
    }
    Pending done;
    synchronized (this) {
      Map<String, Pending> pending = pendingByAdapter.get(adapter);
      done = pending == null ? null : pending.remove(taskId);
    }
    if (done == null) {
      return;
    }
    long now = clock.nanos();
    recorder.record(new TaskEvent(
        adapter,
        taskId,
        done.taskType(),
        done.originScenario(),
        completionScenario,
        status,
        done.resourceId(),
        (now - done.submittedNanos()) / 1_000_000.0,
        TaskRecords.serverDurationMs(task),
        ErrorText.truncate(TaskRecords.error(task)),
        task.get("result"),
        clock.iso(now)));
  }

  /** Every task still pending becomes an {@code incomplete} task event (the spec's backlog). */
  public void finalizeIncomplete(String scenario) {
    List<Pending> left = new ArrayList<>();
    synchronized (this) {
      pendingByAdapter.values().forEach(m -> left.addAll(m.values()));
      pendingByAdapter.clear();
    }
    long now = clock.nanos();
    for (Pending p : left) {
      recorder.record(new TaskEvent(
          p.adapter(), p.taskId(), p.taskType(), p.originScenario(), scenario, "incomplete",
          p.resourceId(), (now - p.submittedNanos()) / 1_000_000.0, null,
          "task not completed before benchmark end", null, clock.iso(now)));
    }
  }
}
