package ovload.analysis.merge;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import ovload.recording.CsvLog;
import ovload.recording.PhaseRecord;
import ovload.recording.RunOutcome;
import ovload.support.Json;

/**
 * The recorded files of a merged run folder, joined from its shards' folders on the merged run's
 * time, which starts at the earliest shard's start.
 */
final class ShardJoin {
  private ShardJoin() {}

  /** Every shard's events, each on the merged run's time, in the order they started. */
  static void events(List<ShardRun> shards, long start, Path out) throws IOException {
    List<ObjectNode> events = new ArrayList<>();
    for (ShardRun s : shards) {
      double shift = s.startEpochMillis() - start;
      try (Stream<String> lines = Files.lines(s.dir().resolve("request_events.jsonl"), StandardCharsets.UTF_8)) {
        for (String line : (Iterable<String>) lines.filter(l -> !l.isBlank())::iterator) {
          ObjectNode e = (ObjectNode) Json.MAPPER.readTree(line);
          double elapsed = e.path("elapsed_ms_since_run_start").asDouble() + shift;
          e.put("elapsed_ms_since_run_start", Math.round(elapsed * 1000) / 1000.0);
          events.add(e);
        }
      }
    }
    events.sort(Comparator.comparingDouble(e -> e.path("elapsed_ms_since_run_start").asDouble()));
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("request_events.jsonl"), StandardCharsets.UTF_8)) {
      for (ObjectNode e : events) {
        w.write(Json.MAPPER.writeValueAsString(e));
        w.write('\n');
      }
    }
  }

  /** The shards' lines of a JSON-lines file, one after the other. */
  static void lines(List<ShardRun> shards, String file, Path out) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve(file), StandardCharsets.UTF_8)) {
      for (ShardRun s : shards) {
        Path in = s.dir().resolve(file);
        if (Files.exists(in)) {
          for (String line : Files.readAllLines(in, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
              w.write(line);
              w.write('\n');
            }
          }
        }
      }
    }
  }

  /** Each phase from its first shard's start to its last shard's end. */
  static List<PhaseRecord> phases(List<ShardRun> shards) throws IOException {
    Map<String, PhaseRecord> spans = new LinkedHashMap<>();
    for (ShardRun s : shards) {
      Path file = s.dir().resolve("phases.json");
      if (!Files.exists(file)) {
        continue;
      }
      for (PhaseRecord p : Json.MAPPER.readValue(file.toFile(), new TypeReference<List<PhaseRecord>>() {})) {
        spans.merge(p.adapter() + "\n" + p.scenario(), p, (a, b) -> {
          String started = Instant.parse(a.startedAt()).isBefore(Instant.parse(b.startedAt())) ? a.startedAt() : b.startedAt();
          String ended = Instant.parse(a.endedAt()).isAfter(Instant.parse(b.endedAt())) ? a.endedAt() : b.endedAt();
          double seconds = (Instant.parse(ended).toEpochMilli() - Instant.parse(started).toEpochMilli()) / 1000.0;
          return new PhaseRecord(a.adapter(), a.scenario(), started, ended, seconds);
        });
      }
    }
    List<PhaseRecord> phases = new ArrayList<>(spans.values());
    phases.sort(Comparator.comparing(p -> Instant.parse(p.startedAt())));
    return phases;
  }

  /**
   * The sampled files: every generator's rows of {@code resources.csv} on the merged time (each
   * shard samples its own JVM), and the server's queues as the first shard saw them (every shard
   * samples the same server). Generator GC pauses stay in each shard's folder: a pause of one JVM
   * says nothing of the requests of another.
   */
  static void samples(List<ShardRun> shards, long start, Path out, List<String> notes) throws IOException {
    List<String> header = null;
    List<List<String>> rows = new ArrayList<>();
    for (ShardRun s : shards) {
      Path file = s.dir().resolve("resources.csv");
      if (Files.exists(file)) {
        header = read(file, (s.startEpochMillis() - start) / 1000.0, rows);
      }
    }
    if (header != null) {
      rows.sort(Comparator.comparingDouble(r -> Double.parseDouble(r.get(0))));
      write(out.resolve("resources.csv"), header, rows);
      notes.add("resources.csv holds the samples of all " + shards.size() + " generators (one row per generator a "
          + "second); generator GC pauses are in each shard's own folder");
    }
    ShardRun first = shards.get(0);
    Path queues = first.dir().resolve("server_queues.csv");
    if (Files.exists(queues)) {
      List<List<String>> moved = new ArrayList<>();
      write(out.resolve("server_queues.csv"), read(queues, (first.startEpochMillis() - start) / 1000.0, moved), moved);
    }
    for (String file : List.of("model_stats.json", "server_queue_drain.json")) {
      if (Files.exists(first.dir().resolve(file))) {
        Files.copy(first.dir().resolve(file), out.resolve(file));
      }
    }
  }

  /** A sampled file's rows into {@code rows}, their first cell (seconds since the run's start) moved by {@code shift}; its header. */
  private static List<String> read(Path file, double shift, List<List<String>> rows) throws IOException {
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8); CSVParser csv = CsvLog.FORMAT.parse(in)) {
      List<String> header = null;
      for (CSVRecord record : csv) {
        List<String> cells = new ArrayList<>(record.toList());
        if (header == null) {
          header = cells;
          continue;
        }
        cells.set(0, String.format(Locale.ROOT, "%.3f", Double.parseDouble(cells.get(0)) + shift));
        rows.add(cells);
      }
      return header;
    }
  }

  private static void write(Path file, List<String> header, List<List<String>> rows) throws IOException {
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), CsvLog.FORMAT)) {
      csv.printRecord(header);
      csv.printRecords(rows);
    }
  }

  /** Aborted if a shard was, else interrupted if one was, else complete; the final drain ran only if it ran in all. */
  static RunOutcome outcome(List<ShardRun> shards) throws IOException {
    RunOutcome worst = null;
    boolean drained = true;
    for (ShardRun s : shards) {
      RunOutcome o = RunOutcome.read(s.dir());
      drained &= o.finalDrainRan();
      int rank = rank(o);
      if (worst == null || rank > rank(worst)) {
        worst = o.partial() ? new RunOutcome(o.outcome(), "shard " + s.index() + ": " + o.reason(), o.finalDrainRan()) : o;
      }
    }
    return new RunOutcome(worst.outcome(), worst.reason(), drained);
  }

  private static int rank(RunOutcome o) {
    return switch (o.outcome()) {
      case RunOutcome.ABORTED -> 2;
      case RunOutcome.INTERRUPTED -> 1;
      default -> 0;
    };
  }
}
