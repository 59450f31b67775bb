package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import ovload.model.Operation;
import ovload.recording.PhaseRecord;
import ovload.model.Interruption;
import ovload.recording.RequestEvent;
import ovload.recording.TaskEvent;
import ovload.stats.LatencyList;
import ovload.support.Json;
import ovload.support.PythonFormat;

/**
 * Every table of the spec, from one streaming pass over {@code request_events.jsonl}: request
 * summary (per adapter/scenario/operation, then {@code ALL} per adapter/operation), windows, task
 * summary, adapter comparison and errors; and what the charts and findings read beside them.
 *
 * @param series per adapter and operation, per window (across phases): what the charts draw
 * @param latencyByAdapterOperation sorted latencies per adapter and operation (all phases), for distribution charts
 * @param intendedLatency open-model phases: latency as measured beside latency from the scheduled arrival, per group
 * @param successLatencies successful requests' latencies per adapter, scenario (ALL too) and operation: what
 *     findings rank, read through {@link #successPercentile}
 * @param spanSeconds from the first request's start to the last one's end
 * @param runStartEpochMillis wall-clock start of the run, from the first event (its start minus its offset); null
 *     without events
 */
public record RunTables(List<RequestStats> requestSummary, List<WindowStats> windows, List<TaskStats> taskSummary,
    List<RequestStats> adapterComparison, List<ErrorCount> errors, List<SeriesPoint> series,
    Map<List<String>, LatencyList> latencyByAdapterOperation, List<IntendedLatency> intendedLatency,
    Map<List<String>, LatencyList> successLatencies, long events, double spanSeconds, Long runStartEpochMillis) {
  private static final Comparator<List<String>> TUPLE = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  /** One row of {@code request_windows.csv}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"window_index", "window_start_sec", "window_end_sec", "adapter", "scenario", "operation", "requests",
      "successes", "failures", "success_rate", "qps", "p95_ms", "p99_ms", "max_ms"})
  public record WindowStats(long windowIndex, double windowStartSec, double windowEndSec, String adapter,
      String scenario, String operation, long requests, long successes, long failures, double successRate,
      double qps, Double p95Ms, Double p99Ms, Double maxMs) {}

  /** One row of {@code task_summary.csv}: local (as polled) and server durations per task group. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"adapter", "task_type", "status", "tasks", "p50_local_ms", "p95_local_ms", "p99_local_ms",
      "max_local_ms", "p50_server_ms", "p95_server_ms", "p99_server_ms", "max_server_ms"})
  public record TaskStats(String adapter, String taskType, String status, long tasks, Double p50LocalMs,
      Double p95LocalMs, Double p99LocalMs, Double maxLocalMs, Double p50ServerMs, Double p95ServerMs,
      Double p99ServerMs, Double maxServerMs) {}

  /** One row of {@code errors.csv}. */
  @JsonPropertyOrder({"adapter", "scenario", "operation", "error", "count"})
  public record ErrorCount(String adapter, String scenario, String operation, String error, long count) {}

  /** One point of {@link #series}. */
  public record SeriesPoint(String adapter, String operation, long windowIndex, long requests, Double p95Ms) {}

  /** A group: ordered as the script's sorted tuples (code-point order of the strings). */
  private record Key(String adapter, String scenario, String operation) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      return Comparator.comparing(Key::adapter).thenComparing(Key::scenario).thenComparing(Key::operation).compare(this, o);
    }
  }

  private record WindowKey(long window, String adapter, String scenario, String operation) implements Comparable<WindowKey> {
    @Override
    public int compareTo(WindowKey o) {
      return Comparator.comparingLong(WindowKey::window).thenComparing(WindowKey::adapter)
          .thenComparing(WindowKey::scenario).thenComparing(WindowKey::operation).compare(this, o);
    }
  }

  public static RunTables compute(Path runDir, double windowSeconds, List<PhaseRecord> phases) throws IOException {
    List<RequestStats> requestSummary = new ArrayList<>();
    List<WindowStats> windows = new ArrayList<>();
    List<RequestStats> adapterComparison = new ArrayList<>();
    List<ErrorCount> errors = new ArrayList<>();
    List<SeriesPoint> series = new ArrayList<>();
    Map<List<String>, LatencyList> latencyByAdapterOperation = new TreeMap<>(TUPLE);
    List<IntendedLatency> intendedLatency = new ArrayList<>();
    Map<List<String>, LatencyList> successLatencies = new HashMap<>();
    long events = 0;
    Long runStartEpochMillis = null;
    // hash maps while streaming (cheap record keys), sorted once at the end in the script's order
    Map<Key, RequestGroup> groups = new HashMap<>();
    Map<Key, RequestGroup> overall = new HashMap<>();
    Map<WindowKey, RequestGroup> windowGroups = new HashMap<>();
    Map<WindowKey, RequestGroup> seriesGroups = new HashMap<>();
    Map<List<String>, Long> errorCounts = new LinkedHashMap<>();
    double firstStart = Double.POSITIVE_INFINITY;
    double lastEnd = Double.NEGATIVE_INFINITY;
    Path eventsFile = runDir.resolve("request_events.jsonl");
    if (Files.exists(eventsFile)) {
      ObjectReader reader = Json.MAPPER.readerFor(RequestEvent.class);
      try (MappingIterator<RequestEvent> it = reader.readValues(eventsFile.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          if (events++ == 0) {
            runStartEpochMillis = java.time.Instant.parse(e.startedAt()).toEpochMilli()
                - Math.round(e.elapsedMsSinceRunStart());
          }
          groups.computeIfAbsent(new Key(e.adapter(), e.scenario(), e.operation()), k -> new RequestGroup(true)).add(e);
          overall.computeIfAbsent(new Key(e.adapter(), "ALL", e.operation()), k -> new RequestGroup(true)).add(e);
          long window = (long) Math.floor(e.elapsedMsSinceRunStart() / 1000.0 / windowSeconds);
          windowGroups.computeIfAbsent(new WindowKey(window, e.adapter(), e.scenario(), e.operation()),
              k -> new RequestGroup(false)).add(e);
          seriesGroups.computeIfAbsent(new WindowKey(window, e.adapter(), "", e.operation()), k -> new RequestGroup(false)).add(e);
          if (!e.success() && !Interruption.is(e.exceptionType())) { // a call a signal cut off is no error
            String error = e.exceptionType() != null ? e.exceptionType()
                : e.errorMessage() != null ? e.errorMessage() : "unknown";
            errorCounts.merge(List.of(e.adapter(), e.scenario(), e.operation(), error), 1L, Long::sum);
          }
          firstStart = Math.min(firstStart, e.elapsedMsSinceRunStart());
          lastEnd = Math.max(lastEnd, e.elapsedMsSinceRunStart() + e.latencyMs());
        }
      }
    }
    double spanSeconds = events == 0 ? 1e-9 : Math.max((lastEnd - firstStart) / 1000.0, 1e-9);
    Map<String, Double> phaseSeconds = new LinkedHashMap<>();
    phases.forEach(p -> phaseSeconds.put(p.adapter() + "\n" + p.scenario(), Math.max(p.durationSeconds(), 1e-9)));
    new TreeMap<>(groups).forEach((k, g) -> {
      Double phase = phaseSeconds.get(k.adapter() + "\n" + k.scenario());
      requestSummary.add(g.stats(k.adapter(), k.scenario(), k.operation(), phase != null ? phase : g.spanSeconds()));
      successLatencies.put(List.of(k.adapter(), k.scenario(), k.operation()), g.successLatencies);
      if (g.fromIntended.size() > 0) {
        intendedLatency.add(IntendedLatency.of(k.adapter(), k.scenario(), k.operation(), g));
      }
    });
    new TreeMap<>(overall).forEach((k, g) -> {
      RequestStats all = g.stats(k.adapter(), "ALL", k.operation(), spanSeconds);
      requestSummary.add(all);
      latencyByAdapterOperation.put(List.of(k.adapter(), k.operation()), g.latencies);
      successLatencies.put(List.of(k.adapter(), "ALL", k.operation()), g.successLatencies);
      if (Operation.COMPARED.stream().anyMatch(op -> op.is(k.operation()))) {
        adapterComparison.add(all);
      }
    });
    adapterComparison.sort(Comparator.comparing(RequestStats::operation).thenComparing(RequestStats::adapter));
    new TreeMap<>(windowGroups).forEach((k, g) -> {
      long index = k.window();
      long n = g.size();
      long ended = n - g.interrupted;
      windows.add(new WindowStats(index, PythonFormat.round(index * windowSeconds, 4),
          PythonFormat.round((index + 1) * windowSeconds, 4), k.adapter(), k.scenario(), k.operation(), n, g.successes,
          ended - g.successes, ended == 0 ? 0.0 : PythonFormat.round(g.successes / (double) ended * 100.0, 4),
          PythonFormat.round(n / Math.max(windowSeconds, 1e-9), 4),
          PythonFormat.roundOptional(g.latencies.percentile(95)), PythonFormat.roundOptional(g.latencies.percentile(99)),
          PythonFormat.roundOptional(g.latencies.max())));
    });
    seriesGroups.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing(WindowKey::adapter).thenComparing(WindowKey::operation)
            .thenComparingLong(WindowKey::window)))
        .forEach(en -> series.add(new SeriesPoint(en.getKey().adapter(), en.getKey().operation(), en.getKey().window(),
            en.getValue().size(), PythonFormat.roundOptional(en.getValue().latencies.percentile(95)))));
    List<Map.Entry<List<String>, Long>> sortedErrors = new ArrayList<>(errorCounts.entrySet());
    sortedErrors.sort(Map.Entry.<List<String>, Long>comparingByValue().reversed()); // stable, as Python's sorted
    sortedErrors.forEach(e -> errors.add(new ErrorCount(e.getKey().get(0), e.getKey().get(1), e.getKey().get(2),
        e.getKey().get(3), e.getValue())));
    return new RunTables(requestSummary, windows, taskSummary(runDir.resolve("task_events.jsonl")), adapterComparison,
        errors, series, latencyByAdapterOperation, intendedLatency, successLatencies, events, spanSeconds, runStartEpochMillis);
  }

  private static List<TaskStats> taskSummary(Path file) throws IOException {
    Map<List<String>, LatencyList[]> groups = new TreeMap<>(TUPLE);
    if (Files.exists(file)) {
      try (MappingIterator<TaskEvent> it = Json.MAPPER.readerFor(TaskEvent.class).readValues(file.toFile())) {
        while (it.hasNextValue()) {
          TaskEvent e = it.nextValue();
          LatencyList[] lists = groups.computeIfAbsent(List.of(e.adapter(), e.taskType(), e.status()),
              k -> new LatencyList[] {new LatencyList(), new LatencyList()});
          lists[0].add(e.localDurationMs());
          if (e.serverDurationMs() != null) {
            lists[1].add(e.serverDurationMs());
          }
        }
      }
    }
    List<TaskStats> rows = new ArrayList<>();
    groups.forEach((k, lists) -> rows.add(new TaskStats(k.get(0), k.get(1), k.get(2), lists[0].size(),
        PythonFormat.roundOptional(lists[0].percentile(50)), PythonFormat.roundOptional(lists[0].percentile(95)),
        PythonFormat.roundOptional(lists[0].percentile(99)), PythonFormat.roundOptional(lists[0].max()),
        PythonFormat.roundOptional(lists[1].percentile(50)), PythonFormat.roundOptional(lists[1].percentile(95)),
        PythonFormat.roundOptional(lists[1].percentile(99)), PythonFormat.roundOptional(lists[1].max()))));
    return rows;
  }

  public long phaseRequests() {
    return requestSummary.stream().filter(r -> !r.scenario().equals("ALL")).mapToLong(RequestStats::requests).sum();
  }

  /** Calls a signal cut off: requests, but neither successes nor failures. */
  public long phaseInterrupted() {
    return requestSummary.stream().filter(r -> !r.scenario().equals("ALL")).mapToLong(RequestStats::interrupted).sum();
  }

  public long phaseFailures() {
    return requestSummary.stream().filter(r -> !r.scenario().equals("ALL")).mapToLong(RequestStats::failures).sum();
  }

  /** Tasks still unfinished after the final drain: the spec's backlog. */
  public long backlog() {
    return taskSummary.stream().filter(r -> r.status().equals("incomplete")).mapToLong(TaskStats::tasks).sum();
  }

  /** A percentile of one group's successful requests; null when none succeeded. */
  public Double successPercentile(String adapter, String scenario, String operation, double p) {
    LatencyList list = successLatencies.get(List.of(adapter, scenario, operation));
    return list == null ? null : PythonFormat.roundOptional(list.percentile(p));
  }

  /** The summary row of one group, if any. */
  public RequestStats find(String adapter, String scenario, String operation) {
    return requestSummary.stream().filter(r -> r.adapter().equals(adapter) && r.scenario().equals(scenario)
        && r.operation().equals(operation)).findFirst().orElse(null);
  }
}
