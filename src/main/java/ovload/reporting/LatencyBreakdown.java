package ovload.reporting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the time of each (adapter, phase, operation) goes, from the successful requests'
 * {@code server_ms}, {@code telemetry_ms} and {@code stages_ms}: the rows of
 * {@code latency_breakdown.csv}, one per component. Differences are taken per request, then
 * summarised: {@code client_and_network} = observed - server; {@code server_outside_stages} =
 * server - the sum of the stages. A request with telemetry that names no stage spent no time in it
 * (OpenViking prunes zero timings), so it counts as 0 there. {@code cli-subprocess} requests show
 * no server time: their {@code cli_own_cost_estimate} is observed minus the {@code sdk} server-time
 * median of the same phase and operation. Statistics only; {@link BreakdownSection} renders them.
 */
final class LatencyBreakdown {
  static final String[] COLUMNS = {"adapter", "scenario", "operation", "component", "requests", "mean_ms", "p50_ms",
      "p95_ms", "p99_ms", "estimate"};
  static final String OBSERVED = "observed";
  static final String SERVER = "server";
  static final String CLIENT = "client_and_network";
  static final String TELEMETRY = "telemetry";
  static final String OUTSIDE = "server_outside_stages";
  static final String CLI_COST = "cli_own_cost_estimate";
  static final String STAGE = "stage:";
  static final String SUBPROCESS = "cli-subprocess";
  static final String ALONE = "retrieval";
  static final String MIXED = "mixed";

  record Key(String adapter, String scenario, String operation) {}

  record Row(Key key, String component, int requests, Double meanMs, Double p50Ms, Double p95Ms, Double p99Ms,
      boolean estimate) {
    Map<String, Object> row() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("adapter", key.adapter());
      m.put("scenario", key.scenario());
      m.put("operation", key.operation());
      m.put("component", component);
      m.put("requests", requests);
      m.put("mean_ms", PythonFormat.roundOptional(meanMs));
      m.put("p50_ms", PythonFormat.roundOptional(p50Ms));
      m.put("p95_ms", PythonFormat.roundOptional(p95Ms));
      m.put("p99_ms", PythonFormat.roundOptional(p99Ms));
      m.put("estimate", estimate);
      return m;
    }
  }

  /** One request's parts; null where the server gave none. */
  private record Parts(double observed, Double server, Double telemetry, Map<String, Double> stages) {}

  private final List<Row> rows;

  private LatencyBreakdown(List<Row> rows) {
    this.rows = rows;
  }

  List<Row> rows() {
    return rows;
  }

  /** Whether any request carried a server time: without one there is nothing to break down. */
  boolean hasServerTime() {
    return rows.stream().anyMatch(r -> r.component().equals(SERVER) && r.requests() > 0);
  }

  Row find(String adapter, String scenario, String operation, String component) {
    Key key = new Key(adapter, scenario, operation);
    return rows.stream().filter(r -> r.key().equals(key) && r.component().equals(component)).findFirst().orElse(null);
  }

  List<Row> of(Key key) {
    return rows.stream().filter(r -> r.key().equals(key)).toList();
  }

  List<Key> keys() {
    return rows.stream().map(Row::key).distinct().toList();
  }

  /** One component's p95 in the retrieval phase (alone) and under mixed load. */
  record Shift(String component, double aloneP95Ms, double mixedP95Ms) {
    double deltaMs() {
      return mixedP95Ms - aloneP95Ms;
    }
  }

  /**
   * How each component's p95 moved from retrieval alone to mixed load, for one adapter and
   * operation, in the alone rows' order; empty unless both phases ran. Each part's own p95 moves:
   * the parts' p95 shifts need not add up to the whole's.
   */
  List<Shift> shifts(String adapter, String operation) {
    List<Shift> shifts = new ArrayList<>();
    for (Row alone : of(new Key(adapter, ALONE, operation))) {
      Row mixed = find(adapter, MIXED, operation, alone.component());
      if (mixed != null && alone.p95Ms() != null && mixed.p95Ms() != null) {
        shifts.add(new Shift(alone.component(), alone.p95Ms(), mixed.p95Ms()));
      }
    }
    return shifts;
  }

  static LatencyBreakdown read(Path runDir) throws IOException {
    Path file = runDir.resolve("request_events.jsonl");
    Map<Key, List<Parts>> groups = new LinkedHashMap<>();
    if (Files.exists(file)) {
      try (MappingIterator<JsonNode> it = RunTables.JSON.readerFor(JsonNode.class).readValues(file.toFile())) {
        while (it.hasNext()) {
          JsonNode e = it.next();
          if (!e.path("success").asBoolean(false)) {
            continue;
          }
          Map<String, Double> stages = new LinkedHashMap<>();
          e.path("stages_ms").fields().forEachRemaining(s -> {
            if (s.getValue().isNumber()) {
              stages.put(s.getKey(), s.getValue().asDouble());
            }
          });
          groups.computeIfAbsent(new Key(e.path("adapter").asText(), e.path("scenario").asText(), e.path("operation").asText()),
              k -> new ArrayList<>()).add(new Parts(e.path("latency_ms").asDouble(), number(e, "server_ms"),
                  number(e, "telemetry_ms"), stages));
        }
      }
    }
    return compute(groups);
  }

  private static LatencyBreakdown compute(Map<Key, List<Parts>> groups) {
    List<Row> rows = new ArrayList<>();
    Map<Key, Double> sdkServerMedian = new LinkedHashMap<>();
    for (Map.Entry<Key, List<Parts>> group : groups.entrySet()) {
      if (group.getKey().adapter().equals(SUBPROCESS)) {
        continue;
      }
      List<Row> measured = measured(group.getKey(), group.getValue());
      rows.addAll(measured);
      if (group.getKey().adapter().equals("sdk")) {
        measured.stream().filter(r -> r.component().equals(SERVER) && r.p50Ms() != null).findFirst()
            .ifPresent(r -> sdkServerMedian.put(new Key(SUBPROCESS, r.key().scenario(), r.key().operation()), r.p50Ms()));
      }
    }
    for (Map.Entry<Key, List<Parts>> group : groups.entrySet()) {
      if (!group.getKey().adapter().equals(SUBPROCESS)) {
        continue;
      }
      LatencyList observed = new LatencyList();
      LatencyList cost = new LatencyList();
      Double median = sdkServerMedian.get(group.getKey());
      for (Parts p : group.getValue()) {
        observed.add(p.observed());
        if (median != null) {
          cost.add(p.observed() - median);
        }
      }
      rows.add(row(group.getKey(), OBSERVED, observed, false));
      if (median != null) {
        rows.add(row(group.getKey(), CLI_COST, cost, true));
      }
    }
    return new LatencyBreakdown(rows);
  }

  private static List<Row> measured(Key key, List<Parts> parts) {
    Set<String> stageNames = new LinkedHashSet<>();
    parts.forEach(p -> stageNames.addAll(p.stages().keySet()));
    LatencyList observed = new LatencyList();
    LatencyList server = new LatencyList();
    LatencyList client = new LatencyList();
    LatencyList telemetry = new LatencyList();
    LatencyList outside = new LatencyList();
    Map<String, LatencyList> stages = new LinkedHashMap<>();
    stageNames.forEach(s -> stages.put(s, new LatencyList()));
    for (Parts p : parts) {
      observed.add(p.observed());
      if (p.server() != null) {
        server.add(p.server());
        client.add(p.observed() - p.server());
      }
      if (p.telemetry() == null) {
        continue;
      }
      telemetry.add(p.telemetry());
      double inStages = 0;
      for (String s : stageNames) {
        double ms = p.stages().getOrDefault(s, 0.0);
        stages.get(s).add(ms);
        inStages += ms;
      }
      if (p.server() != null) {
        outside.add(p.server() - inStages);
      }
    }
    List<Row> rows = new ArrayList<>();
    rows.add(row(key, OBSERVED, observed, false));
    if (server.size() == 0) {
      return rows;
    }
    rows.add(row(key, SERVER, server, false));
    if (telemetry.size() > 0) {
      rows.add(row(key, TELEMETRY, telemetry, false));
      stages.forEach((name, values) -> rows.add(row(key, STAGE + name, values, false)));
      if (!stages.isEmpty()) {
        rows.add(row(key, OUTSIDE, outside, false));
      }
    }
    rows.add(row(key, CLIENT, client, false));
    return rows;
  }

  private static Row row(Key key, String component, LatencyList values, boolean estimate) {
    int n = values.size();
    return new Row(key, component, n, n == 0 ? null : values.sum() / n, values.percentile(50), values.percentile(95),
        values.percentile(99), estimate);
  }

  private static Double number(JsonNode event, String field) {
    JsonNode value = event.get(field);
    return value != null && value.isNumber() ? value.asDouble() : null;
  }
}
