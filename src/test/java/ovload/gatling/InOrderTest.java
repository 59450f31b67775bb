package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gatling.javaapi.core.PopulationBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The run's steps become one sequence of populations under the first: each group one population, in order. */
class InOrderTest {
  private static PopulationBuilder step(String name, int users) {
    return scenario(name).exec(exec(s -> s)).injectOpen(atOnceUsers(users));
  }

  /**
   * The scenario names in the order Gatling starts them: the root, then each group of its sequence,
   * failing if a group would start two populations together or a child had children of its own.
   */
  private static List<String> walk(PopulationBuilder root) {
    List<String> names = new ArrayList<>();
    io.gatling.core.structure.PopulationBuilder node = root.asScala();
    names.add(node.scenarioBuilder().name());
    for (scala.collection.immutable.List<io.gatling.core.structure.PopulationBuilder> group
        : scala.jdk.javaapi.CollectionConverters.asJava(node.children())) {
      assertEquals(1, group.size(), "after " + names + " several populations would start together");
      assertEquals(0, group.head().children().size(), "one level: " + group.head().scenarioBuilder().name());
      names.add(group.head().scenarioBuilder().name());
    }
    return names;
  }

  @Test
  void everyStepStartsAfterTheOneBeforeIt() {
    List<String> names = List.of("begin", "sdk warmup", "sdk add_resources", "cli-http mixed_drain", "final_drain", "end");
    List<PopulationBuilder> steps = names.stream().map(n -> step(n, n.equals("final_drain") ? 2 : 1)).toList();
    assertEquals(names, walk(InOrder.of(steps)));
  }

  @Test
  void aSingleStepIsItself() {
    assertEquals(List.of("only"), walk(InOrder.of(List.of(step("only", 1)))));
  }

  @Test
  void noStepsIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> InOrder.of(List.of()));
  }

  @Test
  void theChainOfAPlanOfTwoRunsHoldsEveryStepOfBoth() {
    List<String> names = Stream.of("run-01", "run-02")
        .flatMap(run -> Stream.of("begin", "sdk mixed", "cli-http mixed", "final_drain", "end").map(s -> s + " [" + run + "]"))
        .toList();
    assertEquals(names, walk(InOrder.of(names.stream().map(n -> step(n, 1)).toList())));
  }
}
