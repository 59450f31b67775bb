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
import java.util.Set;
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
 * spent no time in it (OpenViking prunes zero timings), so it counts as 0 there. {@code
 * not_in_named_stage} = server - the least wall-clock time the stages allow, over every request
 * with a server time: for one query that is {@code server_outside_stages}; for a search of {@code q}
 * concurrent queries OpenViking ran target_abstract and intent_analysis once, then each query's
 * embed_query and vector_retrieval side by side, so those two take at least their sum / {@code q}
 * and the figure is an upper bound (the row's {@code estimate}). {@code cli-subprocess} requests have a
 * server time when the loopback relay saw their exchanges ({@code ovload.adapters.ServerTimeRelay}),
 * and are then broken down as any other; without one their only part is {@code
 * difference_from_sdk_same_percentile}: each percentile minus the {@code sdk} path's same percentile of
 * the same phase and operation. Statistics only; {@link BreakdownSection} renders them.
 */
public final class LatencyBreakdown {
  public static final String OBSERVED = "observed";
  public static final String SERVER = "server";
  public static final String CLIENT = "client_and_network";
  static final String TELEMETRY = "telemetry";
  public static final String OUTSIDE = "server_outside_stages";
  /** Server time the named stages do not cover (a bound for concurrent queries). */
  public static final String NOT_NAMED = "not_in_named_stage";
  /** cli-subprocess without a server time: each percentile minus the sdk path's same percentile. */
  public static final String SDK_DIFFERENCE = "difference_from_sdk_same_percentile";
  public static final String STAGE = "stage:";
  public static final String SUBPROCESS = "cli-subprocess";
  /**
   * The stages OpenViking 0.5.2 times once per query ({@code HierarchicalRetriever.retrieve}), its
   * queries gathered concurrently: with {@code q} queries their wall-clock share is at least sum / q.
   * The other stages ({@code target_abstract}, {@code intent_analysis}) run once, before the queries.
   */
  static final Set<String> PER_QUERY = Set.of("embed_query", "vector_retrieval");
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
   * the parts' p95 shifts need not add up to the whole's. A stage the server ran only under mixed
   * load (intent analysis for a session-aware search, say) moved from 0 when the alone phase had
   * telemetry (OpenViking leaves out a stage it did not run); it follows the alone phase's stages.
   */
  public List<Shift> shifts(String adapter, String operation) {
    List<Shift> shifts = new ArrayList<>();
    for (Row alone : of(new Key(adapter, ALONE, operation))) {
      Row mixed = find(adapter, MIXED, operation, alone.component());
      if (mixed != null && alone.p95Ms() != null && mixed.p95Ms() != null) {
        shifts.add(new Shift(alone.component(), alone.p95Ms(), mixed.p95Ms()));
      }
    }
    if (find(adapter, ALONE, operation, TELEMETRY) == null) {
      return shifts;
    }
    int at = shifts.stream().filter(s -> s.component().startsWith(STAGE)).mapToInt(shifts::indexOf).max()
        .orElse(shifts.stream().map(Shift::component).toList().indexOf(TELEMETRY)) + 1;
    for (Row mixed : of(new Key(adapter, MIXED, operation))) {
      if (mixed.component().startsWith(STAGE) && mixed.p95Ms() != null
          && find(adapter, ALONE, operation, mixed.component()) == null) {
        shifts.add(at++, new Shift(mixed.component(), 0.0, mixed.p95Ms()));
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
    groups.forEach((key, parts) -> {
      if (!key.adapter().equals(SUBPROCESS) || parts.server.size() > 0) {
        rows.addAll(parts.rows(key));
        return;
      }
      rows.add(row(key, OBSERVED, parts.observed, false));
      Parts sdk = groups.get(new Key("sdk", sdkRole(key.scenario()), key.operation()));
      if (sdk != null) {
        rows.add(differenceRow(key, parts.observed, sdk.observed));
      }
    });
    Map<Key, WallClock> wallClock = new LinkedHashMap<>();
    groups.forEach((key, parts) -> wallClock.put(key, parts.wallClock()));
    return new LatencyBreakdown(rows, groups.values().stream().map(Parts::overlap).reduce(Overlap.NONE, Overlap::plus),
        wallClock);
  }

  /** The sdk phase of a cli-subprocess phase: drains are named after their adapter ({@code cli-subprocess:commit_drain}). */
  private static String sdkRole(String scenario) {
    return scenario.startsWith(SUBPROCESS + ":") ? "sdk" + scenario.substring(SUBPROCESS.length()) : scenario;
  }

  /**
   * The cli-subprocess path's observed percentiles minus the sdk path's at the same percentile (the
   * mean minus the mean): what the two paths differ by, server state included, not a cost of the CLI.
   */
  private static Row differenceRow(Key key, LatencyList cli, LatencyList sdk) {
    return new Row(key, SDK_DIFFERENCE, cli.size(), cli.sum() / cli.size() - sdk.sum() / sdk.size(),
        cli.percentile(50) - sdk.percentile(50), cli.percentile(95) - sdk.percentile(95),
        cli.percentile(99) - sdk.percentile(99), true);
  }

  /** One group's parts, request by request, kept as exact latency lists (the events are read once, streaming). */
  private static final class Parts {
    final LatencyList observed = new LatencyList();
    final LatencyList server = new LatencyList();
    final LatencyList client = new LatencyList();
    final LatencyList telemetry = new LatencyList();
    final LatencyList outside = new LatencyList();
    final LatencyList notNamed = new LatencyList();
    /** Requests of {@link #notNamed} whose stages count at their least wall-clock share (several queries). */
    int bounded;
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
      double leastWall = 0;
      int queries = e.typedQueries() == null ? 1 : Math.max(1, e.typedQueries());
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
          leastWall += PER_QUERY.contains(stage.getKey()) ? ms / queries : ms;
        }
      }
      if (e.serverMs() == null) {
        return;
      }
      double serverMs = e.serverMs();
      server.add(serverMs);
      client.add(e.latencyMs() - serverMs);
      notNamed.add(serverMs - leastWall);
      boolean several = e.typedQueries() != null && e.typedQueries() > 1;
      if (several && e.telemetryMs() != null && !own.isEmpty()) {
        bounded++;
      }
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
      rows.add(row(key, NOT_NAMED, notNamed, bounded > 0));
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
