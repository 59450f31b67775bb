package ovload.report.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import ovload.model.Operation;
import ovload.model.Phase;
import ovload.recording.PhaseRecord;
import ovload.serverside.metrics.HistogramQuantile;
import ovload.serverside.metrics.ServerMetrics;
import ovload.serverside.profile.CollapsedStacks;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.PhaseProfiles;
import ovload.serverside.profile.ProfileSummary;

/**
 * "Inside the server": per adapter, retrieval alone against mixed load, what the server's own
 * metrics ({@code server_metrics.csv}) and its per-phase CPU profiles ({@code profiles/}) show, and
 * per retrieval operation the facts of a sentence that puts its p95's growth next to them. A source that was
 * off is "not measured"; a sentence says only what the data shows, and none says why a p95 grew when
 * it did not. Null when the run has neither source.
 */
public record InsideFindings(boolean metricsMeasured, boolean profileMeasured, List<AdapterInside> adapters) {
  static final String HTTP = "openviking_http_request_duration_seconds";
  static final String INFLIGHT = "openviking_http_inflight_requests";
  static final String QUEUE_PENDING = "openviking_queue_pending";
  static final String QUEUE_E2E = "openviking_queue_end_to_end_duration_seconds";
  static final String QUEUE_PROCESS = "openviking_queue_process_duration_seconds";
  static final String EMBEDDING = "openviking_embedding_call_duration_seconds";
  static final String VLM = "openviking_vlm_call_duration_seconds";
  /** The retrieval operations and the routes that serve them. */
  static final Map<Operation, String> ROUTES = Map.of(Operation.FIND, "/api/v1/search/find",
      Operation.SEARCH, "/api/v1/search/search", Operation.GREP, "/api/v1/search/grep", Operation.GLOB, "/api/v1/search/glob");
  static final List<Operation> RETRIEVAL_OPS = List.of(Operation.FIND, Operation.SEARCH, Operation.GREP, Operation.GLOB);

  /**
   * A phase's server figures from its metrics, histograms' p95 in ms with the bucket each falls in;
   * null figures were not there (no observation, or metrics off).
   */
  public record PhaseInside(Map<Operation, HistogramQuantile> routeP95Ms, ServerMetrics.GaugeStats inflight,
      ServerMetrics.GaugeStats queueDepth, Double queueWaitMs, HistogramQuantile embeddingP95Ms, double embeddingCallsPerSec,
      HistogramQuantile vlmP95Ms, double vlmCallsPerSec) {}

  /** One adapter: both phases' figures (null without metrics), their profiles' difference (null without both profiles), the operations' sentences, the flame graphs' links. */
  public record AdapterInside(String adapter, PhaseInside retrieval, PhaseInside mixed, DifferentialProfile profile,
      List<OperationInside> operations, List<String> flameGraphs) {}

  public static InsideFindings analyse(Path runDir, List<PhaseRecord> phases, RunTables tables) throws IOException {
    ServerMetrics metrics = ServerMetrics.read(runDir);
    Path profiles = runDir.resolve(PhaseProfiles.DIR);
    boolean profiled = Files.isDirectory(profiles);
    if (metrics == null && !profiled) {
      return null;
    }
    List<AdapterInside> adapters = new ArrayList<>();
    for (PhaseRecord retrieval : phases) {
      if (!Phase.RETRIEVAL.is(retrieval.scenario())) {
        continue;
      }
      String adapter = retrieval.adapter();
      PhaseRecord mixed = phases.stream().filter(p -> p.adapter().equals(adapter) && Phase.MIXED.is(p.scenario()))
          .findFirst().orElse(null);
      PhaseInside before = metrics == null ? null : phase(metrics, retrieval);
      PhaseInside after = metrics == null || mixed == null ? null : phase(metrics, mixed);
      DifferentialProfile diff = null;
      List<String> graphs = new ArrayList<>();
      for (String phase : List.of(Phase.RETRIEVAL.wireName(), Phase.MIXED.wireName())) {
        String name = PhaseProfiles.name(adapter, phase);
        for (String ext : List.of(".svg", ".collapsed")) {
          if (Files.isRegularFile(profiles.resolve(name + ext))) {
            graphs.add(PhaseProfiles.DIR + "/" + name + ext);
            break;
          }
        }
      }
      Path a = profiles.resolve(PhaseProfiles.name(adapter, Phase.RETRIEVAL.wireName()) + ".collapsed");
      Path b = profiles.resolve(PhaseProfiles.name(adapter, Phase.MIXED.wireName()) + ".collapsed");
      if (Files.isRegularFile(a) && Files.isRegularFile(b)) {
        diff = DifferentialProfile.of(ProfileSummary.of(CollapsedStacks.read(a)), ProfileSummary.of(CollapsedStacks.read(b)));
      }
      List<OperationInside> operations = new ArrayList<>();
      for (Operation op : RETRIEVAL_OPS) {
        RequestStats alone = tables.find(adapter, Phase.RETRIEVAL.wireName(), op.wireName());
        RequestStats loaded = tables.find(adapter, Phase.MIXED.wireName(), op.wireName());
        if (alone != null && loaded != null && alone.p95Ms() != null && loaded.p95Ms() != null) {
          operations.add(operation(op, alone.p95Ms(), loaded.p95Ms(), before, after, diff, metrics != null, profiled));
        }
      }
      adapters.add(new AdapterInside(adapter, before, after, diff, operations, graphs));
    }
    return new InsideFindings(metrics != null, profiled, adapters);
  }

  static PhaseInside phase(ServerMetrics m, PhaseRecord phase) {
    long from = Instant.parse(phase.startedAt()).toEpochMilli();
    long to = Instant.parse(phase.endedAt()).toEpochMilli();
    double seconds = Math.max(0.001, (to - from) / 1000.0);
    Map<Operation, HistogramQuantile> routes = new LinkedHashMap<>();
    for (Operation op : RETRIEVAL_OPS) {
      routes.put(op, ms(m.quantile(HTTP, l -> ROUTES.get(op).equals(l.get("route")), 0.95, from, to)));
    }
    Predicate<Map<String, String>> all = l -> true;
    Double e2e = m.mean(QUEUE_E2E, all, from, to);
    Double process = m.mean(QUEUE_PROCESS, all, from, to);
    return new PhaseInside(routes, m.gauge(INFLIGHT, all, from, to), m.gauge(QUEUE_PENDING, all, from, to),
        e2e == null || process == null ? null : ms(Math.max(0, e2e - process)),
        ms(m.quantile(EMBEDDING, all, 0.95, from, to)), m.increase(EMBEDDING + "_count", all, from, to) / seconds,
        ms(m.quantile(VLM, all, 0.95, from, to)), m.increase(VLM + "_count", all, from, to) / seconds);
  }

  private static Double ms(Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  private static HistogramQuantile ms(HistogramQuantile seconds) {
    return seconds == null ? null : seconds.scaled(1000);
  }

  /**
   * One operation's facts for its sentence. A p95 that did not grow gets no explanation; one that
   * grew gets the server's own figures next to it: the route's server-side p95 and the embedding
   * calls' p95 in both phases (with their buckets, so the sentence can tell a bucket's range from a
   * figure), the queue wait under mixed load, in-flight requests, the thread kind whose busy share
   * grew most and the function that grew most.
   */
  public static OperationInside operation(Operation op, double aloneMs, double loadedMs, PhaseInside before, PhaseInside after,
      DifferentialProfile diff, boolean metricsOn, boolean profileOn) {
    boolean both = metricsOn && before != null && after != null;
    boolean embedding = both && before.embeddingP95Ms() != null && after.embeddingP95Ms() != null;
    boolean inflight = both && before.inflight() != null && after.inflight() != null;
    return new OperationInside(op, aloneMs, loadedMs, metricsOn, profileOn,
        both ? before.routeP95Ms().get(op) : null, both ? after.routeP95Ms().get(op) : null,
        embedding ? before.embeddingP95Ms() : null, embedding ? after.embeddingP95Ms() : null,
        both ? after.queueWaitMs() : null, inflight ? before.inflight().mean() : null, inflight ? after.inflight().mean() : null,
        profileOn && diff != null, profileOn && diff != null ? diff.mostGrown() : null,
        profileOn && diff != null && !diff.topGrowth().isEmpty() ? diff.topGrowth().get(0) : null);
  }
}
