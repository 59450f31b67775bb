package ovload.simulation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A weighted draw of operations (the spec's retrieval and mixed weights) from a worker's seeded source. */
final class OperationMix {
  static final OperationMix RETRIEVAL = of("find", 55, "search", 25, "grep", 10, "glob", 10);
  static final OperationMix MIXED = of("find", 35, "search", 20, "add_message", 20,
      "commit_session", 10, "add_resource", 10, "observer_queue", 3, "system_status", 2);

  private final List<String> slots;
  private final Map<String, Integer> weights;

  private OperationMix(Map<String, Integer> weights) {
    this.weights = Map.copyOf(weights);
    List<String> expanded = new ArrayList<>();
    weights.forEach((name, weight) -> {
      for (int i = 0; i < weight; i++) {
        expanded.add(name);
      }
    });
    this.slots = List.copyOf(expanded);
  }

  private static OperationMix of(Object... nameWeightPairs) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    for (int i = 0; i < nameWeightPairs.length; i += 2) {
      weights.put((String) nameWeightPairs[i], (Integer) nameWeightPairs[i + 1]);
    }
    return new OperationMix(weights);
  }

  String draw(Random random) {
    return slots.get(random.nextInt(slots.size()));
  }

  Map<String, Integer> weights() {
    return weights;
  }
}
