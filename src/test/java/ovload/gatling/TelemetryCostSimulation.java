package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.doIfOrElse;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.Simulation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import ovload.run.RunContext;
import ovload.run.RunLifecycle;

/**
 * The sdk adapter's run as {@link ContentionSimulation} makes it, except that find and search ask for
 * telemetry in alternate blocks of time ({@link TelemetryBlocks}, {@code -Dovload.blockMillis}), so
 * that {@link BreakdownBenchmark} compares the two in one load generator and one stand-in. A
 * benchmark's simulation, not a product's: one run, the sdk adapter only.
 */
public class TelemetryCostSimulation extends Simulation {
  private final RunLifecycle lifecycle = RunLifecycle.open(ContentionSimulation.projectDir());
  private final RunContext run = lifecycle.runs().get(0);
  private final TelemetryBlocks blocks = new TelemetryBlocks(Long.getLong("ovload.blockMillis", 2000),
      run.config().paths().outputDir().resolve(TelemetryBlocks.FILE));

  {
    if (lifecycle.runs().size() != 1 || !run.config().adapters().equals(List.of(SdkOperations.ADAPTER))) {
      throw new IllegalArgumentException("the telemetry cost benchmark runs once, with -Dadapters=sdk");
    }
    // -Dovload.sameBoth=true: both blocks without telemetry, an A/A run that shows the method's own bias
    Phases phases = new Phases(run, new Alternating(run.sdkOperations(false),
        run.sdkOperations(!Boolean.getBoolean("ovload.sameBoth")), blocks::telemetryOn));
    List<PopulationBuilder> steps = new ArrayList<>(phases.sequence());
    steps.add(Phases.finalDrain(run, List.of(phases)));
    setUp(InOrder.of(steps)).maxDuration(lifecycle.maxDuration());
  }

  @Override
  public void before() {
    lifecycle.before();
    blocks.start();
  }

  @Override
  public void after() {
    blocks.stop();
    lifecycle.after();
  }

  /** The sdk operations without telemetry, but find and search with it while {@code on} says so. */
  private record Alternating(SdkOperations off, SdkOperations on, BooleanSupplier telemetry) implements Operations {
    @Override
    public String adapter() {
      return off.adapter();
    }

    @Override
    public ChainBuilder find() {
      return doIfOrElse(s -> telemetry.getAsBoolean()).then(on.find()).orElse(off.find());
    }

    @Override
    public ChainBuilder search() {
      return doIfOrElse(s -> telemetry.getAsBoolean()).then(on.search()).orElse(off.search());
    }

    @Override
    public ChainBuilder health() {
      return off.health();
    }

    @Override
    public ChainBuilder addResource(String reason) {
      return off.addResource(reason);
    }

    @Override
    public ChainBuilder waitProcessed() {
      return off.waitProcessed();
    }

    @Override
    public ChainBuilder grep() {
      return off.grep();
    }

    @Override
    public ChainBuilder glob() {
      return off.glob();
    }

    @Override
    public ChainBuilder addMessage() {
      return off.addMessage();
    }

    @Override
    public ChainBuilder commitSession() {
      return off.commitSession();
    }

    @Override
    public ChainBuilder getTask() {
      return off.getTask();
    }

    @Override
    public ChainBuilder observerQueue() {
      return off.observerQueue();
    }

    @Override
    public ChainBuilder systemStatus() {
      return off.systemStatus();
    }
  }
}
