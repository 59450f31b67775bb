package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ovload.run.RunContext;
import ovload.run.RunLifecycle;

/**
 * The OpenViking session-contention benchmark: for each adapter in turn, warmup, add_resources,
 * resource drain, session_messages, retrieval, session_commit, commit drain, mixed and mixed drain,
 * then one final drain of every adapter; repeated ({@code -Druns}) or swept ({@code -Dsweep}) runs
 * follow one another. The whole order is this list of steps, chained by {@link InOrder}.
 * Every option is a system property ({@code -Dprofile=stress}); see README. The run's life around
 * these steps (options, servers, preparation, reports, exit status) is {@link RunLifecycle}'s: this
 * class hands it Gatling's hooks.
 */
public class ContentionSimulation extends Simulation {
  private final RunLifecycle lifecycle = RunLifecycle.open(projectDir());

  {
    List<PopulationBuilder> steps = new ArrayList<>();
    for (RunContext run : lifecycle.runs()) {
      if (lifecycle.plan().multiple()) {
        steps.add(step(run, "begin", run::begin));
      }
      List<Phases> adapters = run.config().adapters().stream().map(a -> new Phases(run, run.operations(a))).toList();
      adapters.forEach(phases -> steps.addAll(phases.sequence()));
      steps.add(Phases.finalDrain(run, adapters));
      if (run.config().watch().serverQueues().drainServerQueues()) {
        steps.add(step(run, "server_queue_drain", run::awaitServerQueues));
      }
      if (lifecycle.plan().multiple()) {
        steps.add(step(run, "end", run::loadEnded));
      }
    }
    // no global protocol: each run's populations carry their own (RunContext.httpProtocol)
    setUp(InOrder.of(steps))
        .assertions(GatlingGates.assertions(lifecycle.plan().base()))
        .maxDuration(lifecycle.maxDuration());
  }

  @Override
  public void before() {
    lifecycle.before();
  }

  @Override
  public void after() {
    lifecycle.after();
  }

  /**
   * A planned run's start or end between the runs of a plan. It blocks Gatling's thread for the
   * preparation (a clear and a few requests), while no other load is running.
   */
  private static PopulationBuilder step(RunContext run, String name, Runnable action) {
    return scenario(run.scenarioName(name)).exec(exec(s -> {
      action.run();
      return s;
    })).injectOpen(atOnceUsers(1));
  }

  static Path projectDir() {
    return Path.of(System.getProperty("ovload.projectDir", "")).toAbsolutePath();
  }
}
