package ovload.report.model;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import ovload.recording.RequestEvent;
import ovload.recording.ResourceSampler;
import ovload.stats.LatencyList;
import ovload.support.Json;
import ovload.support.PythonFormat;

/**
 * How much of the run's latency tail is the load generator's own GC pause time. Each request's
 * latency is taken once as measured and once without the pause time inside it (the intersection of
 * its [start, end] with every pause of {@code gc_pauses.csv}); the difference of the two p95s is what
 * the pauses explain. Counting the slow requests that merely overlap a pause would blame the pauses
 * for length alone: a long request meets more of them whatever made it slow.
 *
 * @param pauses pauses recorded during the run
 * @param pauseMsTotal their summed duration
 * @param requests requests measured
 * @param requestsInPause requests with some pause time inside them
 * @param p95Ms the run's p95 as measured (all requests)
 * @param p95WithoutPausesMs the p95 once each request's pause time is taken out
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GcTail(int pauses, double pauseMsTotal, long requests, long requestsInPause, double p95Ms,
    double p95WithoutPausesMs, double p99Ms, double p99WithoutPausesMs) {

  /** Pauses explain the tail only past both: a share of p95 and an absolute time a user would notice. */
  public static final double MATERIAL_SHARE = 0.10;
  public static final double MATERIAL_MS = 5.0;

  public double p95PauseMs() {
    return p95Ms - p95WithoutPausesMs;
  }

  public double p95PauseShare() {
    return p95Ms == 0 ? 0 : p95PauseMs() / p95Ms;
  }

  public double p99PauseMs() {
    return p99Ms - p99WithoutPausesMs;
  }

  public double p99PauseShare() {
    return p99Ms == 0 ? 0 : p99PauseMs() / p99Ms;
  }

  /** True when generator pauses make up a material part of p95: then the tail describes the generator. */
  public boolean explainsTail() {
    return p95PauseShare() > MATERIAL_SHARE && p95PauseMs() > MATERIAL_MS;
  }

  /** One generator GC pause: start (epoch ms) and duration (ms), as {@code gc_pauses.csv} has them. */
  record Pause(long startMs, long durationMs) {}

  /** Reads {@code gc_pauses.csv} (absent: no pauses) and {@code request_events.jsonl} (absent: no requests). */
  static GcTail measure(Path runDir) throws IOException {
    List<Pause> pauses = new ArrayList<>();
    Path gcFile = runDir.resolve(ResourceSampler.GC_FILE);
    if (Files.exists(gcFile)) {
      List<String> lines = Files.readAllLines(gcFile);
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",");
        pauses.add(new Pause(Long.parseLong(cells[0]), Long.parseLong(cells[1])));
      }
    }
    Accumulator acc = new Accumulator(pauses);
    Path events = runDir.resolve("request_events.jsonl");
    if (Files.exists(events)) {
      try (MappingIterator<RequestEvent> it = Json.MAPPER.readerFor(RequestEvent.class).readValues(events.toFile())) {
        while (it.hasNextValue()) {
          RequestEvent e = it.nextValue();
          Instant start = Instant.parse(e.startedAt());
          acc.add(start.getEpochSecond() * 1000.0 + start.getNano() / 1e6, e.latencyMs());
        }
      }
    }
    return acc.result();
  }

  /** One pass over the requests: each one's latency as measured and without the pause time inside it. */
  static final class Accumulator {
    private final List<Pause> pauses;
    private final long[] starts;
    private final long longestPause;
    private final LatencyList measured = new LatencyList();
    private final LatencyList withoutPauses = new LatencyList();
    private long inPause;

    Accumulator(List<Pause> pauses) {
      this.pauses = pauses.stream().sorted(Comparator.comparingLong(Pause::startMs)).toList();
      this.starts = this.pauses.stream().mapToLong(Pause::startMs).toArray();
      this.longestPause = this.pauses.stream().mapToLong(Pause::durationMs).max().orElse(0);
    }

    void add(double startMs, double latencyMs) {
      double inside = Math.min(latencyMs, pauseTimeInside(startMs, startMs + latencyMs));
      measured.add(latencyMs);
      withoutPauses.add(latencyMs - inside);
      inPause += inside > 0 ? 1 : 0;
    }

    /** Summed intersection of [start, end] with the pauses; only pauses that start before the end can count. */
    double pauseTimeInside(double startMs, double endMs) {
      int i = Arrays.binarySearch(starts, (long) Math.ceil(endMs));
      double total = 0;
      for (int j = i >= 0 ? i : -i - 2; j >= 0 && starts[j] + longestPause > startMs; j--) {
        Pause p = pauses.get(j);
        total += Math.max(0, Math.min(endMs, p.startMs() + p.durationMs()) - Math.max(startMs, p.startMs()));
      }
      return total;
    }

    GcTail result() {
      return new GcTail(pauses.size(), pauses.stream().mapToLong(Pause::durationMs).sum(), measured.size(), inPause,
          orZero(measured.percentile(95)), orZero(withoutPauses.percentile(95)),
          orZero(measured.percentile(99)), orZero(withoutPauses.percentile(99)));
    }

    private static double orZero(Double value) {
      return value == null ? 0 : value;
    }
  }


  /**
   * The GC paragraph, said whether or not the pauses matter: how much of p95 and p99 is generator pause
   * time, and the verdict against {@link #explainsTail()}'s limits.
   */
  public String sentence() {
    return "generator GC pauses account for " + PythonFormat.fixed(p95PauseMs(), 1) + " ms ("
        + PythonFormat.fixed(p95PauseShare() * 100, 1) + " %) of p95 (" + PythonFormat.fixed(p95Ms(), 1)
        + " ms as measured, " + PythonFormat.fixed(p95WithoutPausesMs(), 1) + " ms without the pause time inside each request) and "
        + PythonFormat.fixed(p99PauseMs(), 1) + " ms (" + PythonFormat.fixed(p99PauseShare() * 100, 1) + " %) of p99; "
        + requestsInPause() + " of " + requests() + " requests had pause time inside them"
        + (explainsTail() ? ": the tail describes the generator, not the server"
            : ": not a material share (the flag needs over " + (int) (MATERIAL_SHARE * 100) + " % of p95 and over "
                + PythonFormat.fixed(MATERIAL_MS, 0) + " ms)");
  }
}
