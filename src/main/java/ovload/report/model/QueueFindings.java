package ovload.report.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovload.recording.QueueTable;
import ovload.recording.ServerQueuesFile;

/**
 * What the server's own queues did over a run ({@code server_queues.csv}, one sample a second),
 * as flags a user must see. The counters are the server's since it started; a run's figures are
 * their growth from the run's first sample. OpenViking counts a requeued delivery as processed
 * too, so the deliveries that left a queue are processed minus requeued.
 *
 * <ul>
 *   <li>pending at the end: a queue with work pending or in progress at the last sample;
 *   <li>requeue storm: over the run a queue requeued more deliveries than left it (and at least
 *       {@link #STORM_MIN_REQUEUES});
 *   <li>livelock: for at least the window, processed and requeued grew while pending stayed at
 *       or above its level at the start (and above 0), and requeues were at least as many as the
 *       deliveries that left: work is taken and put back, and nothing drains. The last condition
 *       keeps a busy queue that takes work as fast as it arrives from being called stuck.
 * </ul>
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueueFindings(int samples, double livelockWindowSeconds, List<QueueTable.Row> end,
    List<Growth> storms, List<Livelock> livelocks, List<String> moved) {

  public static final double DEFAULT_LIVELOCK_SECONDS = 30;
  static final long STORM_MIN_REQUEUES = 10;

  /** A queue's growth over the run. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Growth(String queue, long processed, long requeued) {
    public long left() {
      return processed - requeued;
    }
  }

  /** The longest stretch over which a queue was livelocked. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Livelock(String queue, double fromSec, double toSec, long pendingAtStart, long pendingAtEnd,
      long processed, long requeued) {
    public double seconds() {
      return toSec - fromSec;
    }
  }

  /** A queue's samples in time order. */
  private record Series(List<Double> times, List<long[]> counts) {}

  /** The queues with work pending or in progress at the last sample. */
  public List<QueueTable.Row> pendingAtEnd() {
    return end.stream().filter(r -> r.open() > 0).toList();
  }

  /** True when the last sample shows every queue empty. */
  public boolean drained() {
    return pendingAtEnd().isEmpty();
  }

  /** Null when the run has no queue samples (an older run, or the observer could not be read). */
  public static QueueFindings analyse(Path runDir, double livelockWindowSeconds) throws IOException {
    Path file = runDir.resolve(ServerQueuesFile.FILE);
    if (!Files.exists(file)) {
      return null;
    }
    Map<String, Series> series = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(file);
    Set<String> times = new HashSet<>();
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] cells = line.split(",", -1);
      if (cells.length < 8) {
        continue;
      }
      times.add(cells[0]);
      Series s = series.computeIfAbsent(cells[2], q -> new Series(new ArrayList<>(), new ArrayList<>()));
      s.times().add(Double.parseDouble(cells[0]));
      s.counts().add(new long[] {count(cells[3]), count(cells[4]), count(cells[5]), count(cells[6]), count(cells[7])});
    }
    if (series.isEmpty()) {
      return null;
    }
    return of(series, times.size(), livelockWindowSeconds);
  }

  private static QueueFindings of(Map<String, Series> all, int samples, double window) {
    List<QueueTable.Row> end = new ArrayList<>();
    List<Growth> storms = new ArrayList<>();
    List<Livelock> livelocks = new ArrayList<>();
    List<String> moved = new ArrayList<>();
    all.forEach((queue, s) -> {
      long[] first = s.counts().get(0);
      long[] last = s.counts().get(s.counts().size() - 1);
      end.add(new QueueTable.Row(queue, last[0], last[1], last[2], last[3], last[4]));
      Growth growth = new Growth(queue, last[2] - first[2], last[3] - first[3]);
      if (growth.requeued() >= STORM_MIN_REQUEUES && growth.requeued() > growth.left()) {
        storms.add(growth);
      }
      Livelock livelock = livelock(queue, s, window);
      if (livelock != null) {
        livelocks.add(livelock);
      }
      if (s.counts().stream().anyMatch(c -> !Arrays.equals(c, first) || c[0] + c[1] > 0)) {
        moved.add(queue);
      }
    });
    return new QueueFindings(samples, window, List.copyOf(end), List.copyOf(storms), List.copyOf(livelocks),
        List.copyOf(moved));
  }

  /** The longest livelocked stretch of one queue, or null. */
  private static Livelock livelock(String queue, Series s, double window) {
    Livelock best = null;
    int n = s.times().size();
    for (int i = 0; i < n; i++) {
      long[] start = s.counts().get(i);
      if (start[0] <= 0) {
        continue;
      }
      for (int j = i + 1; j < n && s.counts().get(j)[0] >= start[0]; j++) {
        long[] at = s.counts().get(j);
        double seconds = s.times().get(j) - s.times().get(i);
        long processed = at[2] - start[2];
        long requeued = at[3] - start[3];
        if (seconds >= window && processed > 0 && requeued > 0 && 2 * requeued >= processed
            && (best == null || seconds > best.seconds())) {
          best = new Livelock(queue, s.times().get(i), s.times().get(j), start[0], at[0], processed, requeued);
        }
      }
    }
    return best;
  }

  /** A missing count (a column the table did not have) is 0. */
  private static long count(String cell) {
    return cell.isEmpty() ? 0 : Long.parseLong(cell);
  }
}
