package ovload.model;

import java.util.List;

/**
 * The benchmark's operations, each named once with the name the spec's files carry ({@code operation}
 * in the events and tables, the last part of a Gatling request name).
 */
public enum Operation implements WireNamed {
  HEALTH("health"),
  ADD_RESOURCE("add_resource"),
  WAIT_PROCESSED("wait_processed"),
  FIND("find"),
  SEARCH("search"),
  GREP("grep"),
  GLOB("glob"),
  ADD_MESSAGE("add_message"),
  COMMIT_SESSION("commit_session"),
  GET_TASK("get_task"),
  OBSERVER_QUEUE("observer_queue"),
  SYSTEM_STATUS("system_status");

  /** The operations the adapter comparison and the latency charts set side by side. */
  public static final List<Operation> COMPARED = List.of(FIND, SEARCH, ADD_MESSAGE, COMMIT_SESSION, ADD_RESOURCE);

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
