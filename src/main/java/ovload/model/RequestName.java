package ovload.model;

/**
 * The name a request carries in Gatling's stats engine, so that Gatling's report and our events
 * can be reconciled name by name: {@code adapter/scenario/operation}. Drain scenarios are
 * recorded as {@code <adapter>:<drain>} (the spec's form); the adapter is not repeated.
 */
public final class RequestName {
  private RequestName() {}

  public static String of(String adapter, String scenario, String operation) {
    String prefix = adapter + ":";
    String phase = scenario.startsWith(prefix) ? scenario.substring(prefix.length()) : scenario;
    return adapter + "/" + phase + "/" + operation;
  }
}
