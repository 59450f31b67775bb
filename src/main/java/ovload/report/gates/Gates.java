package ovload.report.gates;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.support.Json;

/**
 * The gates of a run: {@code resources/gates/<profile>.json} (per operation latency ceilings,
 * optionally per adapter, the failure rate, and the backlog after the final drain), with the command
 * line's {@code -DmaxFailureRatePercent} (every operation's failure-rate ceiling) and
 * {@code -DmaxSuccessP95Ms} (a p95 ceiling over successful requests of every operation), as the
 * script's flags, and {@code -DmaxUnfinishedTasks} and {@code -DmaxPendingServerQueue} over the
 * profile's backlog ceilings.
 */
public final class Gates {
  /** The backlog gates' adapter and operation: they measure the server after the whole run. */
  public static final String ALL_ADAPTERS = "all";
  public static final String BACKLOG = "backlog";
  /** Background tasks the run started that were unfinished after the final drain. */
  public static final String UNFINISHED_TASKS = "unfinished_tasks";
  /** Messages pending or in progress in the server's own queues after the final drain. */
  public static final String PENDING_SERVER_QUEUE = "pending_server_queue";

  private Gates() {}

  public static List<Gate> forRun(String profile, List<String> adapters, Double maxFailureRatePercent,
      Double maxSuccessP95Ms, Long maxUnfinishedTasks, Long maxPendingServerQueue) {
    JsonNode file = load(profile);
    List<Gate> gates = new ArrayList<>();
    backlog(gates, UNFINISHED_TASKS, maxUnfinishedTasks, file.path("max_unfinished_tasks"));
    backlog(gates, PENDING_SERVER_QUEUE, maxPendingServerQueue, file.path("max_pending_server_queue"));
    for (String adapter : adapters) {
      Map<String, Map<String, Double>> ceilings = new LinkedHashMap<>();
      merge(ceilings, file.path("operations"));
      merge(ceilings, file.path("adapters").path(adapter).path("operations"));
      Double failureRate = maxFailureRatePercent != null ? maxFailureRatePercent
          : file.path("max_failure_rate_percent").isNumber() ? file.get("max_failure_rate_percent").asDouble() : null;
      ceilings.forEach((operation, metrics) -> {
        metrics.forEach((metric, threshold) -> gates.add(new Gate(adapter, operation, metric, threshold)));
        if (failureRate != null) {
          gates.add(new Gate(adapter, operation, "failure_rate_percent", failureRate));
        }
        if (maxSuccessP95Ms != null) {
          gates.add(new Gate(adapter, operation, "success_p95_ms", maxSuccessP95Ms));
        }
      });
    }
    return gates;
  }

  private static void backlog(List<Gate> gates, String metric, Long option, JsonNode profile) {
    if (option != null) {
      gates.add(new Gate(ALL_ADAPTERS, BACKLOG, metric, option));
    } else if (profile.isNumber()) {
      gates.add(new Gate(ALL_ADAPTERS, BACKLOG, metric, profile.asDouble()));
    }
  }

  private static void merge(Map<String, Map<String, Double>> into, JsonNode operations) {
    Iterator<Map.Entry<String, JsonNode>> ops = operations.fields();
    while (ops.hasNext()) {
      Map.Entry<String, JsonNode> op = ops.next();
      Map<String, Double> metrics = into.computeIfAbsent(op.getKey(), k -> new LinkedHashMap<>());
      op.getValue().fields().forEachRemaining(m -> metrics.put(m.getKey(), m.getValue().asDouble()));
    }
  }

  private static JsonNode load(String profile) {
    try (InputStream in = Gates.class.getClassLoader().getResourceAsStream("gates/" + profile + ".json")) {
      return in == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read gates/" + profile + ".json", e);
    }
  }
}
