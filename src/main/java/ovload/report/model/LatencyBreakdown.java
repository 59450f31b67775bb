package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.recording.RequestEvent;
import ovload.stats.LatencyList;
import ovload.support.Json;

/**
 * Where the time of each (adapter, phase, operation) goes, from the successful requests'
 * {@code server_ms}, {@code telemetry_ms} and {@code stages_ms}: the rows of
 * {@code latency_breakdown.csv}, one per component. Differences are taken per request, then
 * summarised: {@code client_and_network} = observed - server; {@code server_outside_stages} =
 * server - the sum of the stages, over the requests that ran one query: a search that ran several
 * ({@code typed_queries} > 1) ran them concurrently, and OpenViking 0.5.2 sums each stage over them,
 * so its stages are no wall-clock parts of its time. A request with telemetry that names no stage
 * spent no time in it (OpenViking prunes zero timings), so it counts as 0 there. {@code cli-subprocess} requests show
 * no server time: their {@code cli_own_cost_estimate} is observed minus the {@code sdk} server-time
 * median of the same phase and operation. Statistics only; {@link BreakdownSection} renders them.
 */
public final class LatencyBreakdown {
  public static final String OBSERVED = "observed";
  public static final String SERVER = "server";
  public static final String CLIENT = "client_and_network";
  static final String TELEMETRY = "telemetry";
  public static final String OUTSIDE = "server_outside_stages";
  public static final String CLI_COST = "cli_own_cost_estimate";
  public static final String STAGE = "stage:";
  static final String SUBPROCESS = "cli-subprocess";
  public static final String ALONE = "retrieval";
  public static final String MIXED = "mixed";

  public record Key(String adapter, String scenario, String operation) {}

  /** One row of {@code latency_breakdown.csv}: exact figures, rounded as they are written. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"key", "component", "requests", "mean_ms", "p50_ms", "p95_ms", "p99_ms", "estimate"})
  public record Row(@JsonUnwrapped Key key, String component, int requests,
      @JsonSerialize(converter = Rounded.class) Double meanMs, @JsonSerialize(converter = Rounded.class) Double p50Ms,
      @JsonSerialize(converter = Rounded.class) Double p95Ms, @JsonSerialize(converter = Rounded.class) Double p99Ms,
      boolean estimate) {}

  /** Tolerance of the stages-within-server check: the two times are measured apart. */
  static final double OVERLAP_TOLERANCE_MS = 1.0;

  /** Requests whose stages add up to more than the server's time (by over the tolerance), and the largest excess. */
  public record Excess(int requests, double maxMs) {
    static final Excess NONE = new Excess(0, 0);

    Excess plus(Excess other) {
      return new Excess(requests + other.requests, Math.max(maxMs, other.maxMs));
    }
  }

  /**
   * Of the requests with stages and a server time ({@code withStages}), those that ran several
   * queries at once ({@code concurrent}, up to {@code maxQueries}): OpenViking sums a stage's time over
   * a search's concurrent queries ({@code asyncio.gather}), so there the stages are no wall-clock
   * parts and may add up to more than the server's time ({@code concurrentExcess}). A request that ran
   * one query should not ({@code singleExcess}: its {@code server_outside_stages} is negative).
   */
  public record Overlap(int withStages, int concurrent, int maxQueries, Excess concurrentExcess, Excess singleExcess) {
    static final Overlap NONE = new Overlap(0, 0, 0, Excess.NONE, Excess.NONE);

    Overlap plus(Overlap o) {
      return new Overlap(withStages + o.withStages, concurrent + o.concurrent, Math.max(maxQueries, o.maxQueries),
          concurrentExcess.plus(o.concurrentExcess), singleExcess.plus(o.singleExcess));
    }
  }

  /**
   * A group's mean request in parts that add up to its observed mean (client and network, each stage,
   * the server's time outside them), over its {@code requests} with a server time that ran one query,
   * of {@code ofRequests} with a server time. A request without telemetry names no stage: its whole
   * server time is outside them.
   */
  public record WallClock(int requests, int ofRequests, Map<String, Double> meansMs) {}

  private final List<Row> rows;
  private final Overlap overlap;
  private final Map<Key, WallClock> wallClock;

  private LatencyBreakdown(List<Row> rows, Overlap overlap, Map<Key, WallClock> wallClock) {
    this.rows = rows;
    this.overlap = overlap;
    this.wallClock = wallClock;
  }

  public Overlap overlap() {
    return overlap;
  }

  public WallClock wallClock(Key key) {
    return wallClock.get(key);
  }

  public List<Row> rows() {
    return rows;
  }

  /** Whether any request carried a server time: without one there is nothing to break down. */
  public boolean hasServerTime() {
    return rows.stream().anyMatch(r -> r.component().equals(SERVER) && r.requests() > 0);
  }

  public Row find(String adapter, String scenario, String operation, String component) {
    Key key = new Key(adapter, scenario, operation);
    return rows.stream().filter(r -> r.key().equals(key) && r.component().equals(component)).findFirst().orElse(null);
  }

  public List<Row> of(Key key) {
    return rows.stream().filter(r -> r.key().equals(key)).toList();
  }

  public List<Key> keys() {
    return rows.stream().map(Row::key).distinct().toList();
  }

  /** One component's p95 in the retrieval phase (alone) and under mixed load. */
  public record Shift(String component, double aloneP95Ms, double mixedP95Ms) {
    public double deltaMs() {
      return mixedP95Ms - aloneP95Ms;
    }
  }

  /**
   * How each component's p95 moved from retrieval alone to mixed load, for one adapter and
   * operation, in the alone rows' order; empty unless both phases ran. Each part's own p95 moves:
   * the parts' p95 shifts need not add up to the whole's.
   */
  public List<Shift> shifts(String adapter, String operation) {
    List<Shift> shifts = new ArrayList<>();
    for (Row alone : of(new Key(adapter, ALONE, operation))) {
      Row mixed = find(adapter, MIXED, operation, alone.component());
      if (mixed != null && alone.p95Ms() != null && mixed.p95Ms() != null) {
        shifts.add(new Shift(alone.component(), alone.p95Ms(), mixed.p95Ms()));
      }
    }
    return shifts;
  }

  public static LatencyBreakdown read(Path runDir) throws IOException {
    Path file = runDir.resolve("request_events.jsonl");
    Map<Key, Parts> groups = new LinkedHashMap<>();
    if (Files.exists(file)) {
      try (MappingIterator<RequestEvent> it = Json.MAPPER.readerFor(RequestEvent.class).readValues(file.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          if (e.success()) {
            groups.computeIfAbsent(new Key(e.adapter(), e.scenario(), e.operation()), k -> new Parts()).add(e);
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    Map<Key, Double> sdkServerMedian = new LinkedHashMap<>();
    groups.forEach((key, parts) -> {
      if (!key.adapter().equals(SUBPROCESS)) {
        rows.addAll(parts.rows(key));
        if (key.adapter().equals("sdk") && parts.server.size() > 0) {
          sdkServerMedian.put(new Key(SUBPROCESS, sameRole(key.scenario()), key.operation()), parts.server.percentile(50));
        }
      }
    });
    groups.forEach((key, parts) -> {
      if (key.adapter().equals(SUBPROCESS)) {
        rows.add(row(key, OBSERVED, parts.observed, false));
        Double median = sdkServerMedian.get(key);
        if (median != null) {
          LatencyList cost = new LatencyList();
          double[] observed = parts.observed.sortedValues();
          for (int i = 0; i < parts.observed.size(); i++) {
            cost.add(observed[i] - median);
          }
          rows.add(row(key, CLI_COST, cost, true));
        }
      }
    });
    Map<Key, WallClock> wallClock = new LinkedHashMap<>();
    groups.forEach((key, parts) -> wallClock.put(key, parts.wallClock()));
    return new LatencyBreakdown(rows, groups.values().stream().map(Parts::overlap).reduce(Overlap.NONE, Overlap::plus),
        wallClock);
  }

  /** The cli-subprocess phase of an sdk phase: drains are named after their adapter ({@code sdk:commit_drain}). */
  private static String sameRole(String sdkScenario) {
    return sdkScenario.startsWith("sdk:") ? SUBPROCESS + sdkScenario.substring(3) : sdkScenario;
  }

  /** One group's parts, request by request, kept as exact latency lists (the events are read once, streaming). */
  private static final class Parts {
    final LatencyList observed = new LatencyList();
    final LatencyList server = new LatencyList();
    final LatencyList client = new LatencyList();
    final LatencyList telemetry = new LatencyList();
    final LatencyList outside = new LatencyList();
    final Map<String, LatencyList> stages = new LinkedHashMap<>();
    /** Sums over the one-query requests with a server time, for {@link #wallClock()}. */
    final Map<String, Double> wallStages = new LinkedHashMap<>();
    double wallClient;
    double wallOutside;
    int wallRequests;
    int withStages;
    int concurrent;
    int maxQueries;
    Excess concurrentExcess = Excess.NONE;
    Excess singleExcess = Excess.NONE;

    void add(RequestEvent e) {
      observed.add(e.latencyMs());
      Map<String, Double> own = e.stagesMs() == null ? Map.of() : e.stagesMs();
      double inStages = 0;
      if (e.telemetryMs() != null) {
        for (String name : own.keySet()) {
          if (!stages.containsKey(name)) { // a stage first seen now: the earlier requests spent nothing in it
            LatencyList list = new LatencyList();
            for (int i = 0; i < telemetry.size(); i++) {
              list.add(0.0);
            }
            stages.put(name, list);
          }
        }
        telemetry.add(e.telemetryMs());
        for (Map.Entry<String, LatencyList> stage : stages.entrySet()) {
          double ms = own.getOrDefault(stage.getKey(), 0.0);
          stage.getValue().add(ms);
          inStages += ms;
        }
      }
      if (e.serverMs() == null) {
        return;
      }
      double serverMs = e.serverMs();
      server.add(serverMs);
      client.add(e.latencyMs() - serverMs);
      boolean several = e.typedQueries() != null && e.typedQueries() > 1;
      if (!several) {
        wallRequests++;
        wallClient += e.latencyMs() - serverMs;
        if (e.telemetryMs() != null) {
          own.forEach((name, ms) -> wallStages.merge(name, ms, Double::sum));
        }
        wallOutside += serverMs - inStages;
      }
      if (e.telemetryMs() == null) {
        return;
      }
      if (!several) {
        outside.add(serverMs - inStages);
      }
      if (!own.isEmpty()) {
        withStages++;
        Excess excess = inStages > serverMs + OVERLAP_TOLERANCE_MS ? new Excess(1, inStages - serverMs) : Excess.NONE;
        if (several) {
          concurrent++;
          maxQueries = Math.max(maxQueries, e.typedQueries());
          concurrentExcess = concurrentExcess.plus(excess);
        } else {
          singleExcess = singleExcess.plus(excess);
        }
      }
    }

    public Overlap overlap() {
      return new Overlap(withStages, concurrent, maxQueries, concurrentExcess, singleExcess);
    }

    /** The wall-clock means in the stack's order: client and network, the stages, outside them. */
    public WallClock wallClock() {
      Map<String, Double> means = new LinkedHashMap<>();
      if (wallRequests > 0) {
        means.put(CLIENT, wallClient / wallRequests);
        stages.keySet().forEach(name -> means.put(STAGE + name, wallStages.getOrDefault(name, 0.0) / wallRequests));
        means.put(OUTSIDE, wallOutside / wallRequests);
      }
      return new WallClock(wallRequests, server.size(), means);
    }

    public List<Row> rows(Key key) {
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
  }

  private static Row row(Key key, String component, LatencyList values, boolean estimate) {
    int n = values.size();
    return new Row(key, component, n, n == 0 ? null : values.sum() / n, values.percentile(50), values.percentile(95),
        values.percentile(99), estimate);
  }

}
