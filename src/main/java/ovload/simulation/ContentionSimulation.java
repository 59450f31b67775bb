package ovload.simulation;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ovload.config.ConfigException;

/**
 * The OpenViking session-contention benchmark: for each adapter in turn, warmup, add_resources,
 * resource drain, session_messages, retrieval, session_commit, commit drain, mixed and mixed drain,
 * then the final drain. Every option is a system property ({@code -Dprofile=stress}); see README.
 */
public class ContentionSimulation extends Simulation {
  private final RunContext run = openOrExit();

  {
    List<List<PopulationBuilder>> stages = new ArrayList<>();
    List<PopulationBuilder> finalDrains = new ArrayList<>();
    for (String adapter : run.config().adapters()) {
      Phases phases = new Phases(run, run.operations(adapter));
      phases.sequence().forEach(p -> stages.add(List.of(p)));
      finalDrains.add(phases.finalDrain());
    }
    stages.add(finalDrains);
    setUp(inOrder(stages))
        .protocols(SdkOperations.protocol(run.config()))
        .assertions(GatlingGates.assertions(run.config()))
        .maxDuration(run.maxDuration());
  }

  @Override
  public void after() {
    run.loadEnded();
  }

  /** Chains the stages with {@code andThen}: each starts when the one before it has finished. */
  private static PopulationBuilder inOrder(List<List<PopulationBuilder>> stages) {
    List<PopulationBuilder> next = stages.get(stages.size() - 1);
    for (int i = stages.size() - 2; i >= 0; i--) {
      next = List.of(stages.get(i).get(0).andThen(next));
    }
    return next.get(0);
  }

  private static RunContext openOrExit() {
    try {
      return RunContext.open(Path.of(System.getProperty("ovload.projectDir", "")).toAbsolutePath());
    } catch (ConfigException e) {
      // one line that names the fix, and no load: Gatling's own stack trace would bury it
      System.err.println("ovload: " + e.getMessage());
      System.err.flush();
      System.exit(2);
      throw e;
    }
  }
}
