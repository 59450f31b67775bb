package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static ovload.model.Operation.ADD_MESSAGE;
import static ovload.model.Operation.ADD_RESOURCE;
import static ovload.model.Operation.COMMIT_SESSION;
import static ovload.model.Operation.FIND;
import static ovload.model.Operation.GET_TASK;
import static ovload.model.Operation.GLOB;
import static ovload.model.Operation.GREP;
import static ovload.model.Operation.HEALTH;
import static ovload.model.Operation.OBSERVER_QUEUE;
import static ovload.model.Operation.SEARCH;
import static ovload.model.Operation.SYSTEM_STATUS;
import static ovload.model.Operation.WAIT_PROCESSED;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import java.util.concurrent.Executor;
import java.util.function.Function;
import ovload.adapters.BlockingAdapter;
import ovload.config.RunConfig;
import ovload.gatling.actions.AdapterCall;
import ovload.gatling.actions.AdapterCallActionBuilder;
import ovload.gatling.feeders.Document;
import ovload.model.Operation;
import ovload.model.RequestName;

/**
 * The operations of a blocking adapter ({@code cli-http}: the Java client library; {@code
 * cli-subprocess}: the {@code ov} process), each a custom Gatling action running on the adapter's
 * own executor.
 */
public final class BlockingOperations implements Operations {
  private final BlockingAdapter adapter;
  private final RunConfig config;
  private final Executor executor;
  private final OperationRecorder recorder;

  public BlockingOperations(BlockingAdapter adapter, RunConfig config, Executor executor, OperationRecorder recorder) {
    this.adapter = adapter;
    this.config = config;
    this.executor = executor;
    this.recorder = recorder;
  }

  @Override
  public String adapter() {
    return adapter.name();
  }

  @Override
  public ChainBuilder health() {
    return action(HEALTH, s -> adapter::health);
  }

  @Override
  public ChainBuilder addResource(String reason) {
    return action(ADD_RESOURCE, s -> {
      Document doc = s.get(SessionKeys.DOCUMENT);
      // the file is written untimed, on the adapter's thread, as the script writes it before timing
      return AdapterCall.withSetup(doc::write, () -> adapter.addResource(doc.localPath(), doc.uri(), reason));
    });
  }

  @Override
  public ChainBuilder waitProcessed() {
    return action(WAIT_PROCESSED, s -> () -> adapter.waitProcessed(config.drainTimeoutSeconds()));
  }

  @Override
  public ChainBuilder find() {
    return action(FIND, s -> {
      String query = s.getString(SessionKeys.QUERY);
      return () -> adapter.find(query, config.data().dataRootUri(), config.findLimit());
    });
  }

  @Override
  public ChainBuilder search() {
    return action(SEARCH, s -> {
      String query = s.getString(SessionKeys.QUERY);
      String sessionId = s.getString(SessionKeys.SESSION_ID);
      return () -> adapter.search(query, config.data().dataRootUri(), sessionId, config.findLimit());
    });
  }

  @Override
  public ChainBuilder grep() {
    return action(GREP, s -> () -> adapter.grep(config.data().dataRootUri(), Phases.GREP_PATTERN, config.findLimit()));
  }

  @Override
  public ChainBuilder glob() {
    return action(GLOB, s -> () -> adapter.glob(config.data().dataRootUri(), Phases.GLOB_PATTERN, config.findLimit()));
  }

  @Override
  public ChainBuilder addMessage() {
    return action(ADD_MESSAGE, s -> {
      String sessionId = s.getString(SessionKeys.SESSION_ID);
      String role = s.getString(SessionKeys.ROLE);
      String content = s.getString(SessionKeys.CONTENT);
      return () -> adapter.addMessage(sessionId, role, content);
    });
  }

  @Override
  public ChainBuilder commitSession() {
    return action(COMMIT_SESSION, s -> {
      String sessionId = s.getString(SessionKeys.SESSION_ID);
      return () -> adapter.commitSession(sessionId);
    });
  }

  @Override
  public ChainBuilder getTask() {
    return action(GET_TASK, s -> {
      String taskId = s.getString(SessionKeys.TASK_ID);
      return () -> adapter.getTask(taskId);
    });
  }

  @Override
  public ChainBuilder observerQueue() {
    return action(OBSERVER_QUEUE, s -> adapter::observerQueue);
  }

  @Override
  public ChainBuilder systemStatus() {
    return action(SYSTEM_STATUS, s -> adapter::systemStatus);
  }

  private ChainBuilder action(Operation operation, Function<Session, AdapterCall> call) {
    return exec(new AdapterCallActionBuilder(
        operation,
        s -> RequestName.of(adapter.name(), s.getString(SessionKeys.SCENARIO), operation.wireName()),
        call,
        executor,
        recorder,
        recorder::stopping)).exec(recorder.stopIfAborted());
  }
}
