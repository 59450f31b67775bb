package ovload.gatling;

import static ovload.model.Operation.ADD_MESSAGE;
import static ovload.model.Operation.ADD_RESOURCE;
import static ovload.model.Operation.COMMIT_SESSION;
import static ovload.model.Operation.FIND;
import static ovload.model.Operation.GLOB;
import static ovload.model.Operation.GREP;
import static ovload.model.Operation.OBSERVER_QUEUE;
import static ovload.model.Operation.SEARCH;
import static ovload.model.Operation.SYSTEM_STATUS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ovload.model.Operation;

/** A weighted draw of operations (the spec's retrieval and mixed weights) from a worker's seeded source. */
public final class OperationMix {
  public static final OperationMix RETRIEVAL = of(FIND, 55, SEARCH, 25, GREP, 10, GLOB, 10);
  public static final OperationMix MIXED = of(FIND, 35, SEARCH, 20, ADD_MESSAGE, 20,
      COMMIT_SESSION, 10, ADD_RESOURCE, 10, OBSERVER_QUEUE, 3, SYSTEM_STATUS, 2);

  private final List<Operation> slots;
  private final Map<Operation, Integer> weights;

  private OperationMix(Map<Operation, Integer> weights) {
    this.weights = Map.copyOf(weights);
    List<Operation> expanded = new ArrayList<>();
    weights.forEach((name, weight) -> {
      for (int i = 0; i < weight; i++) {
        expanded.add(name);
      }
    });
    this.slots = List.copyOf(expanded);
  }

  private static OperationMix of(Object... operationWeightPairs) {
    Map<Operation, Integer> weights = new LinkedHashMap<>();
    for (int i = 0; i < operationWeightPairs.length; i += 2) {
      weights.put((Operation) operationWeightPairs[i], (Integer) operationWeightPairs[i + 1]);
    }
    return new OperationMix(weights);
  }

  public Operation draw(Random random) {
    return slots.get(random.nextInt(slots.size()));
  }

  public Map<Operation, Integer> weights() {
    return weights;
  }
}
