package ovload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ovload.model.RequestName;

/**
 * Gatling's per-request statistics ({@code <report>/js/stats.json}) and their reconciliation with
 * our events, name by name: every request Gatling counted must be one event of ours, and back.
 */
public final class GatlingStats {
  public record Reconciliation(String name, Long gatling, long events, boolean match) {}

  private GatlingStats() {}

  /** Top-level requests and groups of stats.json by name (a group's inner requests are its parts). */
  public static Map<String, JsonNode> read(Path statsFile) throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    JsonNode contents = RunTables.JSON.readTree(statsFile.toFile()).path("contents");
    contents.forEach(entry -> byName.put(entry.path("name").asText(), entry.path("stats")));
    return byName;
  }

  /** A flat view per name: counts and response times in ms as Gatling measured them. */
  public static Map<String, Object> flatten(Map<String, JsonNode> stats) {
    Map<String, Object> flat = new LinkedHashMap<>();
    stats.forEach((name, s) -> {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("count", s.path("numberOfRequests").path("total").asLong());
      row.put("ok", s.path("numberOfRequests").path("ok").asLong());
      row.put("ko", s.path("numberOfRequests").path("ko").asLong());
      row.put("min_ms", s.path("minResponseTime").path("total").asLong());
      row.put("mean_ms", s.path("meanResponseTime").path("total").asLong());
      row.put("p50_ms", s.path("percentiles1").path("total").asLong());
      row.put("p75_ms", s.path("percentiles2").path("total").asLong());
      row.put("p95_ms", s.path("percentiles3").path("total").asLong());
      row.put("p99_ms", s.path("percentiles4").path("total").asLong());
      row.put("max_ms", s.path("maxResponseTime").path("total").asLong());
      row.put("mean_rps", s.path("meanNumberOfRequestsPerSecond").path("total").asDouble());
      flat.put(name, row);
    });
    return flat;
  }

  public static List<Reconciliation> reconcile(Map<String, JsonNode> gatling, RunTables tables) {
    Map<String, Long> ours = new TreeMap<>();
    tables.requestSummary.stream().filter(r -> !r.scenario().equals("ALL")).forEach(r ->
        ours.merge(RequestName.of(r.adapter(), r.scenario(), r.operation()), r.requests(), Long::sum));
    TreeSet<String> names = new TreeSet<>(ours.keySet());
    names.addAll(gatling.keySet());
    List<Reconciliation> out = new ArrayList<>();
    for (String name : names) {
      Long theirs = gatling.containsKey(name) ? gatling.get(name).path("numberOfRequests").path("total").asLong() : null;
      long mine = ours.getOrDefault(name, 0L);
      out.add(new Reconciliation(name, theirs, mine, theirs != null && theirs == mine));
    }
    return out;
  }

  /**
   * Gatling's report in a run folder: the one subfolder with {@code js/stats.json}, named as Gatling
   * names it ({@code contentionsimulation-<date>}), so that Jenkins' Gatling plugin finds each run once.
   */
  public static java.util.Optional<Path> reportDir(Path runDir) throws IOException {
    if (!Files.isDirectory(runDir)) {
      return java.util.Optional.empty();
    }
    try (java.util.stream.Stream<Path> entries = Files.list(runDir)) {
      return entries.filter(p -> Files.isRegularFile(p.resolve("js/stats.json"))).sorted().findFirst();
    }
  }
}
