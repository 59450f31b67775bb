package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.exitHereIf;
import static io.gatling.javaapi.core.CoreDsl.stopLoadGeneratorIf;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import ovload.adapters.AdapterResult;
import ovload.adapters.CallListener;
import ovload.gatling.feeders.Document;
import ovload.model.ErrorText;
import ovload.model.Operation;
import ovload.recording.EventRecorder;
import ovload.recording.RequestEvent;
import ovload.recording.RunClock;
import ovload.recording.ServerTiming;
import ovload.recording.TaskRecords;
import ovload.recording.TaskTracker;
import ovload.run.RunGuard;

/**
 * Turns one finished operation of one adapter into its request event, and keeps the task tracker
 * current: add_resource and commit register the task they return, get_task may end one. The same
 * code serves the Gatling-HTTP adapter and the custom-action adapters. A {@link #discarding()} copy
 * does all of it but keep the outcome: it serves the generator's own warm-up. A call that a signal
 * cut off is recorded as interrupted ({@link RunGuard#asEnded}), once, and never as a failure.
 */
public final class OperationRecorder implements CallListener {
  private final String adapter;
  private final EventRecorder events;
  private final TaskTracker tasks;
  private final RunClock clock;
  private final RunGuard guard;
  private final boolean keeps;

  public OperationRecorder(String adapter, EventRecorder events, TaskTracker tasks, RunClock clock, RunGuard guard) {
    this(adapter, events, tasks, clock, guard, true);
  }

  private OperationRecorder(String adapter, EventRecorder events, TaskTracker tasks, RunClock clock, RunGuard guard, boolean keeps) {
    this.adapter = adapter;
    this.events = events;
    this.tasks = tasks;
    this.clock = clock;
    this.guard = guard;
    this.keeps = keeps;
  }

  /**
   * This recorder, but one that builds each request's event and drops it: no event, no task, nothing
   * the run guard counts. The code that turns an outcome into an event, reads its telemetry and
   * serialises it runs as for a recorded request ({@link EventRecorder#rehearse}).
   */
  OperationRecorder discarding() {
    return new OperationRecorder(adapter, events, tasks, clock, guard, false);
  }

  /** Each operation's last step: stops the whole load once the run is aborted. */
  ChainBuilder stopIfAborted() {
    return stopLoadGeneratorIf(s -> guard.abortReason(), s -> guard.aborted());
  }

  /** Each operation's first step: once a signal came, the user ends there, without a request. */
  ChainBuilder endIfStopping() {
    return exitHereIf(s -> guard.stopping());
  }

  /** A signal came: no new call may start. */
  boolean stopping() {
    return guard.stopping();
  }

  @Override
  public void completed(Session session, Operation operation, long startNanos, long endNanos, AdapterResult ended) {
    AdapterResult result = guard.asEnded(ended);
    String scenario = session.getString(SessionKeys.SCENARIO);
    JsonNode payload = result.result();
    String sessionId = switch (operation) {
      case ADD_MESSAGE, COMMIT_SESSION, SEARCH -> session.getString(SessionKeys.SESSION_ID);
      default -> null;
    };
    String resourceUri = operation == Operation.ADD_RESOURCE
        ? session.<Document>get(SessionKeys.DOCUMENT).uri()
        : TaskRecords.rootUri(payload);
    String taskId = operation == Operation.GET_TASK
        ? session.getString(SessionKeys.TASK_ID)
        : TaskRecords.taskId(payload);
    ServerTiming timing = result.timing();
    RequestEvent event = new RequestEvent(
        adapter,
        scenario,
        operation.wireName(),
        clock.iso(startNanos),
        clock.iso(endNanos),
        clock.elapsedMs(startNanos),
        (endNanos - startNanos) / 1_000_000.0,
        result.success(),
        result.statusCode(),
        result.exceptionType(),
        ErrorText.truncate(result.errorMessage()),
        sessionId,
        resourceUri,
        taskId,
        session.contains(SessionKeys.WORKER) ? session.getInt(SessionKeys.WORKER) : null,
        result.command(),
        session.contains(SessionKeys.INTENDED_START)
            ? (endNanos - session.getLong(SessionKeys.INTENDED_START)) / 1_000_000.0
            : null,
        timing == null ? null : timing.serverMs(),
        timing == null ? null : timing.telemetryMs(),
        timing == null ? null : timing.stagesMs(),
        timing == null ? null : timing.tokens(),
        timing == null ? null : timing.queries());
    if (!keeps) {
      events.rehearse(timing != null && timing.unreadReply() != null ? () -> event.withServerTiming(timing.read()) : () -> event);
      return;
    }
    if (timing != null && timing.unreadReply() != null) {
      events.record(() -> event.withServerTiming(timing.read())); // the telemetry, read on the writer's thread
    } else {
      events.record(event);
    }
    guard.completed(endNanos, result);
    if (!result.success() || taskId == null) {
      return;
    }
    switch (operation) {
      case ADD_RESOURCE -> tasks.register(adapter, taskId, "add_resource", scenario, resourceUri);
      case COMMIT_SESSION -> tasks.register(adapter, taskId, "session_commit", scenario, sessionId);
      case GET_TASK -> tasks.onPolled(adapter, taskId, payload, scenario);
      default -> { }
    }
  }
}
