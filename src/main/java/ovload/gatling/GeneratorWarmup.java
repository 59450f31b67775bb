package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Session;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import ovload.model.Operation;
import ovload.run.RunContext;
import ovload.stats.LatencyList;
import ovload.stats.Settling;

/**
 * The generator's own warm-up, before the spec's: as many workers as the retrieval phase has send
 * its mix of requests through its request path (its dispatch, the operations' builders, checks,
 * recording step and event serialisation), in no phase, event or Gatling statistic, until their
 * latency settles ({@link Settling}: the median of each round of {@link #ROUND} requests within
 * {@link #SETTLED} of the round before, {@link #SETTLED_ROUNDS} times in a row) or {@link #LIMIT}
 * passes, so that the measured phases do not pay for the JIT
 * compiling that path. A fixed count ended while the second tier was still compiling the path,
 * which the first measured phase then paid for. They search a folder no document is added to
 * ({@link ovload.config.ServerData#generatorWarmupUri()}), with queries and a session no measured request uses.
 */
final class GeneratorWarmup {
  static final String SCENARIO = "generator_warmup";
  /**
   * On a server other than the embedded stand-in, at most this many finds and searches (each costs
   * an embedding call there, a search with a session also the model's intent analysis); grep and
   * glob take their place after.
   */
  static final int MODEL_CALLS = 200;
  /**
   * A slow or never-settling server ends the warm-up after this long, or after {@link
   * #LIMIT_PER_WARMUP_SECOND} times the spec's warm-up ({@code warmupSeconds}) if that is sooner: a
   * short run (the tests' forked ones) keeps a short warm-up.
   */
  static final Duration LIMIT = Duration.ofSeconds(15);
  static final double LIMIT_PER_WARMUP_SECOND = 10;
  /** Requests per round: a round's median is that of all the workers' requests in it. */
  static final int ROUND = 500;
  /** How close a round's median must be to the one before, and how many rounds in a row. */
  static final double SETTLED = 0.10;
  static final int SETTLED_ROUNDS = 3;
  /** At least this many rounds: the first thousands of requests are the interpreter's and the first tier's. */
  static final int MIN_ROUNDS = 6;
  /** Queries no query file holds, so that no measured query finds the server's caches warmed by them. */
  private static final List<String> QUERIES = List.of("ovload generator warm-up alpha", "ovload generator warm-up beta",
      "ovload generator warm-up gamma", "ovload generator warm-up delta");
  private static final String STARTED = "ovWarmupStarted";

  private final RunContext run;
  private final String adapter;
  private final boolean modelCallsFree;
  private final long limitNanos;
  private final Settling settling = new Settling(SETTLED, SETTLED_ROUNDS, MIN_ROUNDS);
  private final AtomicInteger drawn = new AtomicInteger();
  private final AtomicInteger modelCalls = new AtomicInteger();
  private final AtomicBoolean reported = new AtomicBoolean();
  private LatencyList round = new LatencyList();
  private long startNanos;
  private long deadlineNanos;

  /**
   * @param modelCallsFree finds and searches cost the server no model call worth sparing (the
   *     embedded stand-in): the warm-up then sends them as the phase does, without {@link #MODEL_CALLS}
   */
  GeneratorWarmup(RunContext run, String adapter, boolean modelCallsFree) {
    this.run = run;
    this.adapter = adapter;
    this.modelCallsFree = modelCallsFree;
    this.limitNanos = Math.min(LIMIT.toNanos(), Math.round(run.config().workload().warmupSeconds()
        * LIMIT_PER_WARMUP_SECOND * 1e9));
  }

  /** The warm-up's users, {@code users} of them, sending through {@code warm} (the adapter's unrecorded operations). */
  PopulationBuilder population(Operations warm, int users, ChainBuilder dispatch) {
    String sessionId = run.config().data().sessionPrefix() + run.config().runId() + "-" + adapter + "-" + SCENARIO;
    AtomicInteger workers = new AtomicInteger();
    ChainBuilder request = exec(s -> draw(s, sessionId).set(STARTED, run.clock().nanos()))
        .exec(dispatch)
        .exec(s -> {
          record((run.clock().nanos() - s.getLong(STARTED)) / 1e6);
          return s;
        });
    ChainBuilder loop = exec(s -> {
      start();
      return s.set(SessionKeys.SCENARIO, SCENARIO).set(SessionKeys.RANDOM, new Random(run.config().seed() * 31L
          + workers.getAndIncrement()));
    })
        .asLongAs(s -> going()).on(request)
        .exec(s -> {
          report();
          return s;
        });
    return scenario(run.scenarioName(adapter + " " + SCENARIO)).exec(loop).injectOpen(atOnceUsers(users))
        .protocols(run.httpProtocol());
  }

  private synchronized void start() {
    if (startNanos == 0) {
      startNanos = run.clock().nanos();
      deadlineNanos = startNanos + limitNanos;
    }
  }

  private boolean going() {
    return !settling.settled() && run.clock().nanos() < deadlineNanos;
  }

  private synchronized void record(double latencyMs) {
    round.add(latencyMs);
    if (round.size() >= ROUND) {
      settling.add(round.percentile(50));
      round = new LatencyList();
    }
  }

  /** The phase's draw, with the warm-up's queries and session; a glob once the model calls are spent. */
  private Session draw(Session s, String sessionId) {
    Operation operation = OperationMix.RETRIEVAL.draw(s.get(SessionKeys.RANDOM));
    if ((operation == Operation.FIND || operation == Operation.SEARCH) && !modelCallsFree
        && modelCalls.getAndIncrement() >= MODEL_CALLS) {
      operation = Operation.GLOB;
    }
    int n = drawn.getAndIncrement();
    return s.set(SessionKeys.OPERATION, operation.wireName())
        .set(SessionKeys.QUERY, QUERIES.get(n % QUERIES.size()))
        .set(SessionKeys.SESSION_ID, sessionId);
  }

  /** Says once, as the first worker leaves, how long the warm-up took and how far its latency fell. */
  private void report() {
    if (reported.compareAndSet(false, true)) {
      System.out.printf("ovload: %s generator warmed up in %.1f s (%d requests, %s; median %.2f ms in the first "
              + "round of %d, %.2f ms in the last)%n", adapter, (run.clock().nanos() - startNanos) / 1e9, drawn.get(),
          settling.settled() ? "settled" : String.format("not settled within %.1f s", limitNanos / 1e9), settling.first(), ROUND,
          settling.last());
    }
  }
}
