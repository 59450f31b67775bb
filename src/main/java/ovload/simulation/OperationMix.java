package ovload.simulation;

import static ovload.recording.Operation.ADD_MESSAGE;
import static ovload.recording.Operation.ADD_RESOURCE;
import static ovload.recording.Operation.COMMIT_SESSION;
import static ovload.recording.Operation.FIND;
import static ovload.recording.Operation.GLOB;
import static ovload.recording.Operation.GREP;
import static ovload.recording.Operation.OBSERVER_QUEUE;
import static ovload.recording.Operation.SEARCH;
import static ovload.recording.Operation.SYSTEM_STATUS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import ovload.recording.Operation;

/** A weighted draw of operations (the spec's retrieval and mixed weights) from a worker's seeded source. */
final class OperationMix {
  static final OperationMix RETRIEVAL = of(FIND, 55, SEARCH, 25, GREP, 10, GLOB, 10);
  static final OperationMix MIXED = of(FIND, 35, SEARCH, 20, ADD_MESSAGE, 20,
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

  Operation draw(Random random) {
    return slots.get(random.nextInt(slots.size()));
  }

  Map<Operation, Integer> weights() {
    return weights;
  }
}
