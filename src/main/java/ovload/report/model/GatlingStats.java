package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
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
import ovload.support.Json;

/**
 * Gatling's per-request statistics ({@code <report>/js/stats.json}) and their reconciliation with
 * our events, name by name: every request Gatling counted must be one event of ours, and back.
 */
public final class GatlingStats {
  /** Whether Gatling and our events counted the same requests of one name (null: Gatling had none). */
  @JsonPropertyOrder({"name", "gatling", "events", "match"})
  public record Reconciliation(String name, Long gatling, long events, boolean match) {}

  /** One request name's figures in {@code run_summary.json}; Gatling's percentiles are its own (p50, p75, p95, p99). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"count", "ok", "ko", "min_ms", "mean_ms", "p50_ms", "p75_ms", "p95_ms", "p99_ms", "max_ms", "mean_rps"})
  public record Summary(long count, long ok, long ko, long minMs, long meanMs, long p50Ms, long p75Ms, long p95Ms,
      long p99Ms, long maxMs, double meanRps) {}

  private GatlingStats() {}

  /** Top-level requests and groups of stats.json by name (a group's inner requests are its parts). */
  public static Map<String, JsonNode> read(Path statsFile) throws IOException {
    Map<String, JsonNode> byName = new LinkedHashMap<>();
    JsonNode contents = Json.MAPPER.readTree(statsFile.toFile()).path("contents");
    contents.forEach(entry -> byName.put(entry.path("name").asText(), entry.path("stats")));
    return byName;
  }

  /** A flat view per name: counts and response times in ms as Gatling measured them. */
  public static Map<String, Summary> flatten(Map<String, JsonNode> stats) {
    Map<String, Summary> flat = new LinkedHashMap<>();
    stats.forEach((name, s) -> flat.put(name, new Summary(total(s, "numberOfRequests"), s.path("numberOfRequests").path("ok").asLong(),
        s.path("numberOfRequests").path("ko").asLong(), total(s, "minResponseTime"), total(s, "meanResponseTime"),
        total(s, "percentiles1"), total(s, "percentiles2"), total(s, "percentiles3"), total(s, "percentiles4"),
        total(s, "maxResponseTime"), s.path("meanNumberOfRequestsPerSecond").path("total").asDouble())));
    return flat;
  }

  private static long total(JsonNode stats, String field) {
    return stats.path(field).path("total").asLong();
  }

  public static List<Reconciliation> reconcile(Map<String, JsonNode> gatling, RunTables tables) {
    Map<String, Long> ours = new TreeMap<>();
    tables.requestSummary().stream().filter(r -> !r.scenario().equals("ALL")).forEach(r ->
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
