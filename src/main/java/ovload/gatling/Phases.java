package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ovload.config.LoadModel;
import ovload.config.RunConfig;
import ovload.config.Shard;
import ovload.config.Workload;
import ovload.gatling.feeders.SessionIds;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.run.RunContext;

/**
 * One adapter's phases in the spec's order, each a Gatling scenario with its own injection:
 * closed-model workers (a count phase's users share a {@link WorkQueue} until it is empty; a timed
 * phase's users loop for the phase's seconds) and drains that poll the adapter's pending tasks.
 * A shard ({@link Shard}) runs its slice of every phase's workers, units and arrivals; the warm-up
 * (each generator warms its own JVM), {@code wait_processed} and the drains (of its own tasks) run
 * in every shard.
 */
final class Phases {
  static final String GREP_PATTERN = "benchmark";
  static final String GLOB_PATTERN = "**/*.md";
  static final String RESOURCE_REASON = "OpenViking server load benchmark";
  static final String MIXED_REASON = "OpenViking mixed load benchmark";
  /** The final drain's phase serves every adapter. */
  static final String ALL_ADAPTERS = "all";

  private final RunContext run;
  private final Operations ops;
  private final String adapter;
  private final RunConfig config;
  private final Workload workload;
  private final Shard shard;
  /** This shard's sessions: every session of the adapter when the run is not sharded. */
  private final List<String> sessionIds;
  private final AtomicInteger mixedMessages = new AtomicInteger();

  Phases(RunContext run, Operations ops) {
    this.run = run;
    this.ops = ops;
    this.adapter = ops.adapter();
    this.config = run.config();
    this.workload = config.workload();
    this.shard = config.shard();
    this.sessionIds = shard.slice(SessionIds.of(config.data().sessionPrefix(), config.runId(), adapter, workload.sessionCount()));
  }

  /** The adapter's phases, to run one after another, in the script's order. */
  List<PopulationBuilder> sequence() {
    List<PopulationBuilder> phases = new ArrayList<>();
    if (workload.warmupSeconds() > 0) {
      ops.generatorWarmup().ifPresent(warm -> phases.add(new GeneratorWarmup(run, adapter, run.embeddedServer())
          .population(warm, Math.max(1, shard.share(workload.searchConcurrency())),
              dispatch(warm, OperationMix.RETRIEVAL, RESOURCE_REASON))));
      phases.add(warmup());
    }
    phases.add(addResources());
    phases.add(waitProcessed());
    phases.add(drain(Phase.RESOURCE_DRAIN));
    phases.add(sessionMessages());
    phases.add(retrieval());
    phases.add(sessionCommit());
    phases.add(drain(Phase.COMMIT_DRAIN));
    phases.add(mixed());
    phases.add(drain(Phase.MIXED_DRAIN));
    return phases;
  }

  /**
   * The spec's warm-up: one user sending health checks every 0.2 s, which opens the connection and
   * wakes the server before anything is measured; too few requests to warm the generator's JIT,
   * which {@link GeneratorWarmup} does.
   */
  private PopulationBuilder warmup() {
    return timed(Phase.WARMUP, 1, workload.warmupSeconds(), ops.health().pause(Duration.ofMillis(200)));
  }

  /** The workers share the generated documents until none is left, each uploaded and added once. */
  private PopulationBuilder addResources() {
    return counted(Phase.ADD_RESOURCES, shard.share(workload.resourceConcurrency()),
        new WorkQueue<>(run.seedDocuments(adapter)).forEachUnit(SessionKeys.DOCUMENT, ops.addResource(RESOURCE_REASON)));
  }

  /** One call that waits for the server to process what add_resources queued; part of that phase. */
  private PopulationBuilder waitProcessed() {
    return population(adapter + " " + Phase.ADD_RESOURCES + " " + Operation.WAIT_PROCESSED, 1,
        phase(Phase.ADD_RESOURCES.wireName(), false, ops.waitProcessed()));
  }

  /** The workers share every session's messages (user and assistant in turn) until none is left. */
  private PopulationBuilder sessionMessages() {
    return counted(Phase.SESSION_MESSAGES, shard.share(workload.sessionConcurrency()),
        new WorkQueue<>(messageUnits()).forEachUnit(SessionKeys.MESSAGE, exec(this::takeMessage).exec(ops.addMessage())));
  }

  /** Find, search, grep and glob drawn by the retrieval weights, for the phase's seconds or arrivals. */
  private PopulationBuilder retrieval() {
    ChainBuilder request = exec(s -> drawRetrieval(s, OperationMix.RETRIEVAL.draw(random(s))))
        .exec(dispatch(ops, OperationMix.RETRIEVAL, RESOURCE_REASON));
    return config.loadModel().open()
        ? arrivals(Phase.RETRIEVAL, config.loadModel().retrievalRate(), workload.phaseSeconds(), request)
        : timed(Phase.RETRIEVAL, shard.share(workload.searchConcurrency()), workload.phaseSeconds(), request);
  }

  /** The workers share the adapter's sessions, each committed once (memory extraction runs in the background). */
  private PopulationBuilder sessionCommit() {
    return counted(Phase.SESSION_COMMIT, shard.share(workload.commitConcurrency()),
        new WorkQueue<>(sessionIds).forEachUnit(SessionKeys.SESSION_ID, ops.commitSession()));
  }

  /** Every operation at once, drawn by the mixed weights: the contention the benchmark is about. */
  private PopulationBuilder mixed() {
    ChainBuilder request = exec(this::drawMixed).exec(dispatch(ops, OperationMix.MIXED, MIXED_REASON));
    return config.loadModel().open()
        ? arrivals(Phase.MIXED, config.loadModel().mixedRate(), workload.mixedSeconds(), request)
        : timed(Phase.MIXED, shard.share(workload.mixedConcurrency()), workload.mixedSeconds(), request);
  }

  /**
   * The run's final drain: one user per adapter, all at once, each polling its own adapter's
   * leftover tasks; together they are one phase ({@code all/final_drain}) and one step of the run.
   */
  static PopulationBuilder finalDrain(RunContext run, List<Phases> adapters) {
    AtomicInteger users = new AtomicInteger();
    // Gatling's switch needs two cases: a single adapter's user needs none
    ChainBuilder ownAdapter = adapters.size() == 1 ? adapters.get(0).drainChain(Phase.FINAL_DRAIN, ALL_ADAPTERS)
        : exec(s -> s.set(SessionKeys.ADAPTER, adapters.get(users.getAndIncrement()).adapter))
            .doSwitch(s -> s.getString(SessionKeys.ADAPTER)).on(adapters.stream()
                .map(p -> onCase(p.adapter).then(p.drainChain(Phase.FINAL_DRAIN, ALL_ADAPTERS))).toList());
    return scenario(run.scenarioName(Phase.FINAL_DRAIN.wireName())).exec(ownAdapter)
        .injectOpen(atOnceUsers(adapters.size()))
        .protocols(run.httpProtocol());
  }

  private PopulationBuilder counted(Phase phase, int users, ChainBuilder loop) {
    return population(adapter + " " + phase, users, phase(phase.wireName(), true, loop));
  }

  private PopulationBuilder timed(Phase phase, int users, double seconds, ChainBuilder iteration) {
    Duration duration = Duration.ofMillis(Math.round(seconds * 1000));
    // exitASAP=false: an iteration that started finishes, so its request is always recorded
    return population(adapter + " " + phase, users,
        phase(phase.wireName(), true, during(duration, false).on(iteration)));
  }

  /**
   * Open model: one user per request, arriving at {@code rate} per second for the phase, whatever
   * the server's latency. The schedule is the generator's own, as wrk2's: every user is injected
   * when the phase starts, user {@code i} (in the order users start) owns the slot {@code phase
   * start + i / rate} on the run's clock and waits for it before sending. Its intended start is
   * that slot, so any lateness of the generator (a busy event loop, a GC pause, a held-back user)
   * counts in {@code latency_from_intended_ms}, which is never below the latency itself. A shard
   * sends the arrivals the unsharded run numbers {@code k mod N == index} (its workers' global
   * numbers), so the shards' schedules interleave into the unsharded one.
   */
  private PopulationBuilder arrivals(Phase phase, double rate, double seconds, ChainBuilder request) {
    int users = shard.share((int) LoadModel.arrivals(rate, seconds));
    AtomicLong phaseStart = new AtomicLong(Long.MIN_VALUE);
    long heldBackMs = config.loadModel().testHoldBackMs();
    ChainBuilder onSchedule = exec(s -> {
      phaseStart.compareAndSet(Long.MIN_VALUE, run.clock().nanos());
      long slot = phaseStart.get() + Math.round(s.getInt(SessionKeys.WORKER) * 1e9 / rate);
      return s.set(SessionKeys.INTENDED_START, slot);
    })
        // a pause may wake early by a fraction of a millisecond: wait again until the slot has come
        .asLongAs(s -> run.clock().nanos() < s.getLong(SessionKeys.INTENDED_START)).on(pause(s ->
            Duration.ofMillis(Math.max(1, (s.getLong(SessionKeys.INTENDED_START) - run.clock().nanos()) / 1_000_000))))
        .doIf(s -> heldBackMs > 0 && s.getInt(SessionKeys.WORKER) % 10 == 0).then(pause(Duration.ofMillis(heldBackMs)));
    return population(adapter + " " + phase, users, phase(phase.wireName(), true, onSchedule.exec(request)));
  }

  /** One user polling the adapter's pending tasks: the background work the phases before it queued. */
  private PopulationBuilder drain(Phase drain) {
    return population(adapter + " " + drain, 1, drainChain(drain, adapter));
  }

  /** Polls the adapter's pending tasks until none is left or the drain times out, the last poll at its deadline. */
  private ChainBuilder drainChain(Phase drain, String phaseAdapter) {
    String scenario = drain.scenarioOf(adapter);
    long timeoutNanos = (long) (config.drainTimeoutSeconds() * 1e9);
    long intervalNanos = Math.round(config.taskPollIntervalSeconds() * 1e9);
    ChainBuilder poll = exec(s -> s.set(SessionKeys.DEADLINE, new DrainPolls(run.clock().nanos() + timeoutNanos, intervalNanos))
        .set(SessionKeys.NEXT_POLL, Optional.of(Duration.ZERO)))
        .asLongAs(s -> run.tasks().hasPending(adapter) && s.<Optional<Duration>>get(SessionKeys.NEXT_POLL).isPresent())
        .on(exec(s -> s.set(SessionKeys.PENDING_TASKS, run.tasks().pendingIds(adapter)))
            .foreach(s -> s.getList(SessionKeys.PENDING_TASKS), SessionKeys.TASK_ID).on(ops.getTask())
            .exec(s -> s.set(SessionKeys.NEXT_POLL, s.<DrainPolls>get(SessionKeys.DEADLINE).pauseAfterPollAt(run.clock().nanos())))
            .doIf(s -> run.tasks().hasPending(adapter) && s.<Optional<Duration>>get(SessionKeys.NEXT_POLL).isPresent())
            .then(pause(s -> s.<Optional<Duration>>get(SessionKeys.NEXT_POLL).orElseThrow())));
    return enter(phaseAdapter, scenario, false).exec(poll).exec(leave(phaseAdapter, scenario));
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
      // the unsharded run's number of this worker: the shards' workers together are the unsharded run's
      int worker = (int) shard.global(workers.getAndIncrement());
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

  private Session drawRetrieval(Session s, Operation operation) {
    Random random = random(s);
    List<String> queries = run.userFiles().queries();
    Session drawn = s.set(SessionKeys.OPERATION, operation.wireName())
        .set(SessionKeys.QUERY, queries.get(random.nextInt(queries.size())));
    return operation == Operation.SEARCH
        ? drawn.set(SessionKeys.SESSION_ID, sessionIds.get(random.nextInt(sessionIds.size())))
        : drawn;
  }

  /** Sends the request a worker drew ({@link SessionKeys#OPERATION}) from the phase's mix, through {@code on}. */
  private static ChainBuilder dispatch(Operations on, OperationMix mix, String resourceReason) {
    return doSwitch("#{" + SessionKeys.OPERATION + "}").on(mix.weights().keySet().stream()
        .sorted()
        .map(op -> onCase(op.wireName()).then(request(on, op, resourceReason)))
        .toList());
  }

  private static ChainBuilder request(Operations ops, Operation operation, String resourceReason) {
    return switch (operation) {
      case FIND -> ops.find();
      case SEARCH -> ops.search();
      case GREP -> ops.grep();
      case GLOB -> ops.glob();
      case ADD_MESSAGE -> ops.addMessage();
      case COMMIT_SESSION -> ops.commitSession();
      case ADD_RESOURCE -> ops.addResource(resourceReason);
      case OBSERVER_QUEUE -> ops.observerQueue();
      case SYSTEM_STATUS -> ops.systemStatus();
      case HEALTH, WAIT_PROCESSED, GET_TASK -> throw new IllegalArgumentException(operation + " is in no mix");
    };
  }

  private Session drawMixed(Session s) {
    Random random = random(s);
    Operation operation = OperationMix.MIXED.draw(random);
    return switch (operation) {
      case FIND, SEARCH -> drawRetrieval(s, operation);
      case ADD_MESSAGE -> {
        String sessionId = sessionIds.get(random.nextInt(sessionIds.size()));
        yield s.set(SessionKeys.OPERATION, operation.wireName())
            .set(SessionKeys.SESSION_ID, sessionId)
            .set(SessionKeys.ROLE, "user")
            .set(SessionKeys.CONTENT, run.userFiles().messageContent(adapter, sessionId, mixedMessages.getAndIncrement()));
      }
      case COMMIT_SESSION -> s.set(SessionKeys.OPERATION, operation.wireName())
          .set(SessionKeys.SESSION_ID, sessionIds.get(random.nextInt(sessionIds.size())));
      case ADD_RESOURCE -> s.set(SessionKeys.OPERATION, operation.wireName())
          .set(SessionKeys.DOCUMENT, run.documents().nextMixedDocument(adapter));
      default -> s.set(SessionKeys.OPERATION, operation.wireName());
    };
  }
}
