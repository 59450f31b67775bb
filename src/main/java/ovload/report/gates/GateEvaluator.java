package ovload.report.gates;

import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ovload.recording.QueueTable;
import ovload.recording.RequestEvent;
import ovload.recording.RunOutcome;
import ovload.report.model.QueueFindings;
import ovload.report.model.RequestStats;
import ovload.report.model.RunTables;
import ovload.stats.Percentiles;
import ovload.support.Json;

/**
 * Measures each gate on our events (the ALL rows of the request summary), so every adapter counts;
 * the backlog gates on the tasks and the server's queues after the final drain, skipped (and saying
 * why) when no final drain ran or the queues were not observed.
 */
public final class GateEvaluator {
  private GateEvaluator() {}

  public static List<GateResult> evaluate(List<Gate> gates, RunTables tables, Path runDir, RunOutcome outcome,
      QueueFindings queues) throws IOException {
    boolean successOnly = gates.stream().anyMatch(g -> g.metric().equals("success_p95_ms"));
    Map<String, Double> successP95 = successOnly ? successP95(runDir) : Map.of();
    List<GateResult> results = new ArrayList<>();
    for (Gate gate : gates) {
      if (Gates.BACKLOG.equals(gate.operation())) {
        results.add(backlog(gate, tables, outcome, queues));
        continue;
      }
      RequestStats all = tables.find(gate.adapter(), "ALL", gate.operation());
      if (all == null) {
        results.add(new GateResult(gate, null, "no " + gate.operation() + " request of " + gate.adapter() + " in this run"));
        continue;
      }
      Double measured = switch (gate.metric()) {
        case "p50_ms" -> all.p50Ms();
        case "p95_ms" -> all.p95Ms();
        case "p99_ms" -> all.p99Ms();
        case "failure_rate_percent" -> all.failureRatePercent();
        case "success_p95_ms" -> successP95.get(gate.adapter() + "/" + gate.operation());
        default -> throw new IllegalArgumentException("unknown gate metric " + gate.metric()
            + ": use p50_ms, p95_ms, p99_ms, success_p95_ms or failure_rate_percent");
      };
      results.add(measured == null
          ? new GateResult(gate, null, "no successful " + gate.operation() + " request of " + gate.adapter())
          : new GateResult(gate, measured, null));
    }
    return results;
  }

  private static GateResult backlog(Gate gate, RunTables tables, RunOutcome outcome, QueueFindings queues) {
    if (!outcome.finalDrainRan()) {
      return new GateResult(gate, null, "no final drain ran (the run was " + outcome.outcome() + ")");
    }
    if (Gates.UNFINISHED_TASKS.equals(gate.metric())) {
      return new GateResult(gate, (double) tables.backlog(), null);
    }
    if (queues == null) {
      return new GateResult(gate, null, "the server's queues were not observed");
    }
    return new GateResult(gate, (double) queues.pendingAtEnd().stream().mapToLong(QueueTable.Row::open).sum(), null);
  }

  /** p95 over successful requests per adapter/operation: one more streaming pass, only when asked for. */
  private static Map<String, Double> successP95(Path runDir) throws IOException {
    Map<String, double[]> values = new HashMap<>();
    Map<String, Integer> sizes = new HashMap<>();
    Path file = runDir.resolve("request_events.jsonl");
    if (Files.exists(file)) {
        try (MappingIterator<RequestEvent> it = Json.MAPPER.readerFor(RequestEvent.class).readValues(file.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          if (!e.success()) {
            continue;
          }
          String key = e.adapter() + "/" + e.operation();
          int n = sizes.getOrDefault(key, 0);
          double[] v = values.computeIfAbsent(key, k -> new double[64]);
          if (n == v.length) {
            v = Arrays.copyOf(v, n * 2);
            values.put(key, v);
          }
          v[n] = e.latencyMs();
          sizes.put(key, n + 1);
        }
      }
    }
    Map<String, Double> p95 = new HashMap<>();
    values.forEach((key, v) -> {
      int n = sizes.get(key);
      Arrays.sort(v, 0, n);
      p95.put(key, Percentiles.of(v, n, 95));
    });
    return p95;
  }
}
