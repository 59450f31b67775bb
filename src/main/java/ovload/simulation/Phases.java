package ovload.simulation;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doSwitch;
import static io.gatling.javaapi.core.CoreDsl.during;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ovload.config.RunConfig;
import ovload.config.Workload;

/**
 * One adapter's phases in the spec's order, each a Gatling scenario with its own injection:
 * closed-model workers (a count phase's users share a {@link WorkQueue} until it is empty; a timed
 * phase's users loop for the phase's seconds) and drains that poll the adapter's pending tasks.
 */
final class Phases {
  static final String GREP_PATTERN = "benchmark";
  static final String GLOB_PATTERN = "**/*.md";
  static final String RESOURCE_REASON = "OpenViking server load benchmark";
  static final String MIXED_REASON = "OpenViking mixed load benchmark";
  /** Operations whose result the suite reads (task ids, task records). */
  static final Set<String> READS_RESULT = Set.of("add_resource", "commit_session", "get_task");
  static final String FINAL_DRAIN = "final_drain";

  private final RunContext run;
  private final Operations ops;
  private final String adapter;
  private final RunConfig config;
  private final Workload workload;
  private final List<String> sessionIds;
  private final AtomicInteger mixedMessages = new AtomicInteger();

  Phases(RunContext run, Operations ops) {
    this.run = run;
    this.ops = ops;
    this.adapter = ops.adapter();
    this.config = run.config();
    this.workload = config.workload();
    this.sessionIds = SessionIds.of(config.sessionPrefix(), config.runId(), adapter, workload.sessionCount());
  }

  /** The adapter's phases, to run one after another. */
  List<PopulationBuilder> sequence() {
    List<PopulationBuilder> phases = new ArrayList<>();
    if (workload.warmupSeconds() > 0) {
      phases.add(timed("warmup", 1, workload.warmupSeconds(),
          ops.health().pause(Duration.ofMillis(200))));
    }
    phases.add(counted("add_resources", workload.resourceConcurrency(),
        new WorkQueue<>(run.seedDocuments(adapter)).forEachUnit(SessionKeys.DOCUMENT, ops.addResource(RESOURCE_REASON))));
    phases.add(population(adapter + " add_resources wait_processed", 1,
        phase("add_resources", false, ops.waitProcessed())));
    phases.add(drain(adapter + ":resource_drain", adapter));
    phases.add(counted("session_messages", workload.sessionConcurrency(),
        new WorkQueue<>(messageUnits()).forEachUnit(SessionKeys.MESSAGE, exec(this::takeMessage).exec(ops.addMessage()))));
    ChainBuilder retrieval = exec(s -> drawRetrieval(s, OperationMix.RETRIEVAL.draw(random(s)))).exec(retrievalSwitch());
    phases.add(config.loadModel().open()
        ? arrivals("retrieval", config.loadModel().retrievalRate(), workload.phaseSeconds(), retrieval)
        : timed("retrieval", workload.searchConcurrency(), workload.phaseSeconds(), retrieval));
    phases.add(counted("session_commit", workload.commitConcurrency(),
        new WorkQueue<>(sessionIds).forEachUnit(SessionKeys.SESSION_ID, ops.commitSession())));
    phases.add(drain(adapter + ":commit_drain", adapter));
    ChainBuilder mixed = exec(this::drawMixed).exec(mixedSwitch());
    phases.add(config.loadModel().open()
        ? arrivals("mixed", config.loadModel().mixedRate(), workload.mixedSeconds(), mixed)
        : timed("mixed", workload.mixedConcurrency(), workload.mixedSeconds(), mixed));
    phases.add(drain(adapter + ":mixed_drain", adapter));
    return phases;
  }

  /** The final drain of this adapter's leftover tasks; all adapters' final drains form one phase. */
  PopulationBuilder finalDrain() {
    return drain(FINAL_DRAIN, "all");
  }

  private PopulationBuilder counted(String phase, int users, ChainBuilder loop) {
    return population(adapter + " " + phase, users, phase(phase, true, loop));
  }

  private PopulationBuilder timed(String phase, int users, double seconds, ChainBuilder iteration) {
    Duration duration = Duration.ofMillis(Math.round(seconds * 1000));
    // exitASAP=false: an iteration that started finishes, so its request is always recorded
    return population(adapter + " " + phase, users,
        phase(phase, true, during(duration, false).on(iteration)));
  }

  /**
   * Open model: one user per request, arriving at {@code rate} per second for the phase, whatever
   * the server's latency. Each request's scheduled arrival is kept, so that latency can also be
   * measured from it.
   */
  private PopulationBuilder arrivals(String phase, double rate, double seconds, ChainBuilder request) {
    AtomicLong firstArrival = new AtomicLong(Long.MIN_VALUE);
    ChainBuilder scheduled = exec(s -> {
      int index = s.getInt(SessionKeys.WORKER);
      firstArrival.compareAndSet(Long.MIN_VALUE, run.clock().nanos());
      return s.set(SessionKeys.INTENDED_START, firstArrival.get() + (long) (index * 1e9 / rate));
    });
    return scenario(run.scenarioName(adapter + " " + phase))
        .exec(phase(phase, true, scheduled.exec(request)))
        .injectOpen(constantUsersPerSec(rate).during(Duration.ofMillis(Math.round(seconds * 1000))))
        .protocols(run.httpProtocol());
  }

  private PopulationBuilder drain(String scenario, String phaseAdapter) {
    long timeoutNanos = (long) (config.drainTimeoutSeconds() * 1e9);
    Duration pollInterval = Duration.ofMillis(Math.round(config.taskPollIntervalSeconds() * 1000));
    ChainBuilder poll = exec(s -> s.set(SessionKeys.DEADLINE, run.clock().nanos() + timeoutNanos))
        .asLongAs(s -> run.tasks().hasPending(adapter) && run.clock().nanos() < s.getLong(SessionKeys.DEADLINE))
        .on(exec(s -> s.set(SessionKeys.PENDING_TASKS, run.tasks().pendingIds(adapter)))
            .foreach(s -> s.getList(SessionKeys.PENDING_TASKS), SessionKeys.TASK_ID).on(ops.getTask())
            .doIf(s -> run.tasks().hasPending(adapter)).then(pause(pollInterval)));
    String name = scenario.equals(FINAL_DRAIN) ? adapter + " " + FINAL_DRAIN : scenario.replace(':', ' ');
    return population(name, 1, enter(phaseAdapter, scenario, false).exec(poll).exec(leave(phaseAdapter, scenario)));
  }

  private ChainBuilder phase(String scenario, boolean numbered, ChainBuilder body) {
    return enter(adapter, scenario, numbered).exec(body).exec(leave(adapter, scenario));
  }

  private ChainBuilder enter(String phaseAdapter, String scenario, boolean numbered) {
    AtomicInteger workers = new AtomicInteger();
    return exec(s -> {
      run.phases().userStarted(phaseAdapter, scenario);
      Session entered = s.set(SessionKeys.SCENARIO, scenario);
      if (!numbered) {
        return entered;
      }
      int worker = workers.getAndIncrement();
      // each worker draws from its own seeded source: the same seed gives every worker the same draws
      long workerSeed = config.seed() * 1_000_003L + (adapter + "/" + scenario).hashCode() * 31L + worker;
      return entered.set(SessionKeys.WORKER, worker).set(SessionKeys.RANDOM, new Random(workerSeed));
    });
  }

  private ChainBuilder leave(String phaseAdapter, String scenario) {
    return exec(s -> {
      run.phases().userFinished(phaseAdapter, scenario);
      return s;
    });
  }

  private PopulationBuilder population(String scenarioName, int users, ChainBuilder chain) {
    return scenario(run.scenarioName(scenarioName)).exec(chain).injectOpen(atOnceUsers(users))
        .protocols(run.httpProtocol());
  }

  private record MessageUnit(String sessionId, int index) {}

  private List<MessageUnit> messageUnits() {
    List<MessageUnit> units = new ArrayList<>();
    for (String sessionId : sessionIds) {
      for (int i = 0; i < workload.messagesPerSession(); i++) {
        units.add(new MessageUnit(sessionId, i));
      }
    }
    return units;
  }

  private Session takeMessage(Session s) {
    MessageUnit unit = s.get(SessionKeys.MESSAGE);
    return s.set(SessionKeys.SESSION_ID, unit.sessionId())
        .set(SessionKeys.ROLE, unit.index() % 2 == 0 ? "user" : "assistant")
        .set(SessionKeys.CONTENT, run.userFiles().messageContent(adapter, unit.sessionId(), unit.index()));
  }

  private static Random random(Session s) {
    return s.get(SessionKeys.RANDOM);
  }

  private Session drawRetrieval(Session s, String operation) {
    Random random = random(s);
    List<String> queries = run.userFiles().queries();
    Session drawn = s.set(SessionKeys.OPERATION, operation)
        .set(SessionKeys.QUERY, queries.get(random.nextInt(queries.size())));
    return "search".equals(operation)
        ? drawn.set(SessionKeys.SESSION_ID, sessionIds.get(random.nextInt(sessionIds.size())))
        : drawn;
  }

  private ChainBuilder retrievalSwitch() {
    return doSwitch("#{" + SessionKeys.OPERATION + "}").on(
        onCase("find").then(ops.find()),
        onCase("search").then(ops.search()),
        onCase("grep").then(ops.grep()),
        onCase("glob").then(ops.glob()));
  }

  private Session drawMixed(Session s) {
    Random random = random(s);
    String operation = OperationMix.MIXED.draw(random);
    return switch (operation) {
      case "find", "search" -> drawRetrieval(s, operation);
      case "add_message" -> {
        String sessionId = sessionIds.get(random.nextInt(sessionIds.size()));
        yield s.set(SessionKeys.OPERATION, operation)
            .set(SessionKeys.SESSION_ID, sessionId)
            .set(SessionKeys.ROLE, "user")
            .set(SessionKeys.CONTENT, run.userFiles().messageContent(adapter, sessionId, mixedMessages.getAndIncrement()));
      }
      case "commit_session" -> s.set(SessionKeys.OPERATION, operation)
          .set(SessionKeys.SESSION_ID, sessionIds.get(random.nextInt(sessionIds.size())));
      case "add_resource" -> s.set(SessionKeys.OPERATION, operation)
          .set(SessionKeys.DOCUMENT, run.documents().nextMixedDocument(adapter));
      default -> s.set(SessionKeys.OPERATION, operation);
    };
  }

  private ChainBuilder mixedSwitch() {
    return doSwitch("#{" + SessionKeys.OPERATION + "}").on(
        onCase("find").then(ops.find()),
        onCase("search").then(ops.search()),
        onCase("add_message").then(ops.addMessage()),
        onCase("commit_session").then(ops.commitSession()),
        onCase("add_resource").then(ops.addResource(MIXED_REASON)),
        onCase("observer_queue").then(ops.observerQueue()),
        onCase("system_status").then(ops.systemStatus()));
  }
}
