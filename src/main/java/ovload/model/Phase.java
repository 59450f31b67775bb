package ovload.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The run's phases, in the spec's order, each named once with the name the files carry ({@code
 * scenario} in the events and {@code phases.json}). A drain's scenario is written {@code
 * <adapter>:<phase>}, but the final drain's, which serves every adapter.
 */
public enum Phase implements WireNamed {
  WARMUP("warmup"),
  ADD_RESOURCES("add_resources"),
  RESOURCE_DRAIN("resource_drain"),
  SESSION_MESSAGES("session_messages"),
  RETRIEVAL("retrieval"),
  SESSION_COMMIT("session_commit"),
  COMMIT_DRAIN("commit_drain"),
  MIXED("mixed"),
  MIXED_DRAIN("mixed_drain"),
  FINAL_DRAIN("final_drain");

  /** The load phases a sweep may measure ({@code -DsweepPhase}). */
  public static final List<Phase> SWEEPABLE = List.of(ADD_RESOURCES, SESSION_MESSAGES, RETRIEVAL, SESSION_COMMIT, MIXED);

  private final String wireName;

  Phase(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The phase a file names, if it is one of the run's (a drain's scenario carries its adapter). */
  public static Optional<Phase> named(String scenario) {
    return Arrays.stream(values()).filter(p -> p.is(scenario)).findFirst();
  }

  /** The scenario written into this phase's events for one adapter's drain. */
  public String scenarioOf(String adapter) {
    return this == FINAL_DRAIN ? wireName : adapter + ":" + wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
