package ovload.reporting;

import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import ovload.recording.RequestEvent;

/**
 * What the resource samples say about a run: how busy the load generator was, and how much of the
 * latency tail coincided with its GC pauses. When either is high the tail describes the generator,
 * not the server, and the report says so. The GC share is weighed against chance: with frequent
 * pauses many requests overlap one whatever their latency, so the tail is flagged only when its
 * share is high and well above the share of all requests (the lift).
 */
record ResourceFindings(int samples, double generatorCpuP95, double generatorCpuMax, double saturatedShare,
    long slowRequests, long slowDuringGc, long requests, long requestsDuringGc, int gcPauses, double gcPauseMsTotal) {

  static final double SATURATED_CPU_PERCENT = 90;
  static final double SATURATED_SHARE_LIMIT = 0.10;
  static final double GC_TAIL_SHARE_LIMIT = 0.20;
  static final double GC_TAIL_LIFT_LIMIT = 2.0;

  double gcTailShare() {
    return slowRequests == 0 ? 0 : slowDuringGc / (double) slowRequests;
  }

  /** The share of all requests that overlapped a pause: what the tail's share would be by chance. */
  double gcChanceShare() {
    return requests == 0 ? 0 : requestsDuringGc / (double) requests;
  }

  /** How many times likelier a slow request was to overlap a pause than any request. */
  double gcTailLift() {
    return gcChanceShare() == 0 ? (gcTailShare() > 0 ? Double.POSITIVE_INFINITY : 0) : gcTailShare() / gcChanceShare();
  }

  boolean generatorSaturated() {
    return saturatedShare > SATURATED_SHARE_LIMIT;
  }

  boolean gcTailHigh() {
    return gcTailShare() > GC_TAIL_SHARE_LIMIT && gcTailLift() >= GC_TAIL_LIFT_LIMIT;
  }

  /** Null when the run has no samples (an older run, or sampling was off). */
  static ResourceFindings analyse(Path runDir) throws IOException {
    Path samples = runDir.resolve("resources.csv");
    if (!Files.exists(samples)) {
      return null;
    }
    List<Double> cpu = new ArrayList<>();
    for (String line : Files.readAllLines(samples).subList(1, Files.readAllLines(samples).size())) {
      String cell = line.split(",", -1)[2];
      if (!cell.isEmpty()) {
        cpu.add(Double.parseDouble(cell));
      }
    }
    double[] sortedCpu = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    long saturated = cpu.stream().filter(c -> c > SATURATED_CPU_PERCENT).count();
    List<long[]> pauses = new ArrayList<>();
    Path gcFile = runDir.resolve("gc_pauses.csv");
    if (Files.exists(gcFile)) {
      for (String line : Files.readAllLines(gcFile).subList(1, Files.readAllLines(gcFile).size())) {
        String[] cells = line.split(",");
        pauses.add(new long[] {Long.parseLong(cells[0]), Long.parseLong(cells[1])});
      }
    }
    pauses.sort((a, b) -> Long.compare(a[0], b[0]));
    long[] overlap = overlapOfTail(runDir.resolve("request_events.jsonl"), pauses);
    return new ResourceFindings(cpu.size(), orZero(Percentiles.of(sortedCpu, sortedCpu.length, 95)),
        sortedCpu.length == 0 ? 0 : sortedCpu[sortedCpu.length - 1], cpu.isEmpty() ? 0 : saturated / (double) cpu.size(),
        overlap[0], overlap[1], overlap[2], overlap[3], pauses.size(), pauses.stream().mapToLong(p -> p[1]).sum());
  }

  /**
   * Requests slower than the run's p95 and how many of them overlapped a GC pause, then all requests
   * and how many of them did. Two streaming passes.
   */
  private static long[] overlapOfTail(Path events, List<long[]> pauses) throws IOException {
    if (!Files.exists(events)) {
      return new long[] {0, 0, 0, 0};
    }
    LatencyList all = new LatencyList();
    try (MappingIterator<RequestEvent> it = RunTables.JSON.readerFor(RequestEvent.class).readValues(events.toFile())) {
      while (it.hasNextValue()) {
        all.add(it.nextValue().latencyMs());
      }
    }
    Double p95 = all.percentile(95);
    if (p95 == null) {
      return new long[] {0, 0, 0, 0};
    }
    long[] starts = pauses.stream().mapToLong(p -> p[0]).toArray();
    long slow = 0;
    long slowDuringGc = 0;
    long count = 0;
    long duringGc = 0;
    try (MappingIterator<RequestEvent> it = RunTables.JSON.readerFor(RequestEvent.class).readValues(events.toFile())) {
      while (it.hasNextValue()) {
        RequestEvent e = it.nextValue();
        long start = Instant.parse(e.startedAt()).toEpochMilli();
        boolean overlaps = overlaps(pauses, starts, start, start + (long) Math.ceil(e.latencyMs()));
        count++;
        duringGc += overlaps ? 1 : 0;
        if (e.latencyMs() > p95) {
          slow++;
          slowDuringGc += overlaps ? 1 : 0;
        }
      }
    }
    return new long[] {slow, slowDuringGc, count, duringGc};
  }

  private static boolean overlaps(List<long[]> pauses, long[] starts, long start, long end) {
    int i = Arrays.binarySearch(starts, end);
    for (int j = (i >= 0 ? i : -i - 2); j >= 0; j--) {
      if (pauses.get(j)[0] + pauses.get(j)[1] >= start) {
        return true;
      }
      if (pauses.get(j)[0] + 60_000 < start) {
        return false; // no pause lasts a minute: older ones cannot reach this request
      }
    }
    return false;
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }
}
