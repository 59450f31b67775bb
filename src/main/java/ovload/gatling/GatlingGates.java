package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;

import io.gatling.javaapi.core.Assertion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import ovload.config.RunConfig;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.model.RequestName;
import ovload.report.gates.Gate;
import ovload.report.gates.Gates;

/**
 * The run's gates as Gatling assertions, so that Gatling's console, {@code assertions.xml} and exit
 * code show them too. Gatling fails an assertion on a request name that never ran, so only the
 * requests every run has are asserted here (each operation in the phase made of it); the
 * post-processor evaluates every gate on all phases from our events.
 */
final class GatlingGates {
  /** The phase each asserted operation is certain to run in. */
  private static final Map<Operation, Phase> CERTAIN_PHASE = Map.of(
      Operation.ADD_RESOURCE, Phase.ADD_RESOURCES, Operation.ADD_MESSAGE, Phase.SESSION_MESSAGES,
      Operation.COMMIT_SESSION, Phase.SESSION_COMMIT, Operation.FIND, Phase.RETRIEVAL);

  private GatlingGates() {}

  static List<Assertion> assertions(RunConfig config) {
    List<Assertion> assertions = new ArrayList<>();
    for (Gate gate : Gates.forRun(config.profile(), config.adapters(), config.gates().maxFailureRatePercent(),
        config.gates().maxSuccessP95Ms(), config.gates().maxUnfinishedTasks(), config.gates().maxPendingServerQueue())) {
      Phase phase = CERTAIN_PHASE.entrySet().stream().filter(e -> e.getKey().is(gate.operation()))
          .map(Map.Entry::getValue).findFirst().orElse(null);
      if (phase == null) {
        continue;
      }
      String name = RequestName.of(gate.adapter(), phase.wireName(), gate.operation());
      switch (gate.metric()) {
        case "p50_ms" -> assertions.add(details(name).responseTime().percentile(50.0).lte((int) gate.threshold()));
        case "p95_ms" -> assertions.add(details(name).responseTime().percentile(95.0).lte((int) gate.threshold()));
        case "p99_ms" -> assertions.add(details(name).responseTime().percentile(99.0).lte((int) gate.threshold()));
        case "failure_rate_percent" -> assertions.add(details(name).failedRequests().percent().lte(gate.threshold()));
        default -> { } // success-only p95 has no Gatling counterpart: evaluated on our events only
      }
    }
    if (config.gates().maxFailureRatePercent() != null) {
      assertions.add(global().failedRequests().percent().lte(config.gates().maxFailureRatePercent()));
    }
    return assertions;
  }
}
