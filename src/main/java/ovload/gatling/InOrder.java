package ovload.gatling;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.List;

/**
 * Runs populations one after another with Gatling's {@code andThen}: {@code
 * a.andThen(b).andThen(c)} starts b when a has finished and c when b has (each {@code andThen}
 * adds the next group of the parent's sequence). A step that needs several users at once is one
 * population of several users.
 */
final class InOrder {
  private InOrder() {}

  static PopulationBuilder of(List<PopulationBuilder> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("no steps to run");
    }
    PopulationBuilder chain = steps.get(0);
    for (PopulationBuilder next : steps.subList(1, steps.size())) {
      chain = chain.andThen(next);
    }
    return chain;
  }
}
