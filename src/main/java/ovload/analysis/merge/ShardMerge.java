package ovload.analysis.merge;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import ovload.recording.PhaseRecord;
import ovload.recording.RunOutcome;
import ovload.support.Timestamps;
import ovload.report.PostProcessor;
import ovload.support.Folders;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;

/**
 * Turns the run folders of a sharded run's shards into one run folder, as if one generator had sent
 * the whole load: the events joined (each shard's times moved onto the earliest shard's start), each
 * phase spanning all shards, one configuration listing the shards, then every report file computed
 * afresh from the joined events by the {@link PostProcessor} (percentiles from all requests, never
 * averaged), and one Gatling HTML report from all shards' {@code simulation.log} by Gatling's own
 * report generator. {@code mvn -q exec:java@merge -Dexec.args=reports/<run_id>} merges the folders
 * {@code reports/<run_id>-shard-*} into {@code reports/<run_id>}; {@code --out DIR SHARD...} names them.
 */
public final class ShardMerge {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  /** What a shard may differ in from the others: everything else describes one workload. */
  private static final List<String> OWN_KEYS = List.of("run_id", "data_root_uri", "session_prefix", "output_dir",
      "local_data_dir", "shard", "ov_cli", "ov_bin", "start_at", "target_pid");

  /** One shard's folder and what the merge reads from it first. */
  public record ShardRun(Path dir, JsonNode config, int index, long startEpochMillis) {}

  /** The merged folder and its reports. */
  public record Merged(Path dir, List<ShardRun> shards, SimulationLogMerge.Joined gatling, Path gatlingReport,
      ReportResult report) {}

  private ShardMerge() {}

  /** A bad argument or a set of folders that are not the shards of one run: one line naming the fix. */
  public static final class MergeException extends RuntimeException {
    MergeException(String message) {
      super(message);
    }
  }

  /** {@code reports/<run_id>-shard-<i>} beside {@code reports/<run_id>}. */
  public static List<Path> siblings(Path out) {
    Path parent = out.toAbsolutePath().getParent();
    String prefix = out.getFileName() + "-shard-";
    try (Stream<Path> entries = Files.list(parent)) {
      List<Path> found = entries.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
          .sorted().toList();
      if (found.isEmpty()) {
        throw new MergeException("no shard folders " + parent.resolve(prefix + "*") + ": run the shards with -DoutputDir "
            + "unset (or name their folders so), or list them with --out");
      }
      return found;
    } catch (IOException e) {
      throw new MergeException("cannot list " + parent + ": " + e.getMessage());
    }
  }

  public static Merged merge(List<Path> shardDirs, Path out) throws IOException {
    List<ShardRun> shards = readShards(shardDirs);
    requireEmpty(out);
    Files.createDirectories(out);
    long start = shards.stream().mapToLong(ShardRun::startEpochMillis).min().orElseThrow();
    List<String> notes = new ArrayList<>();
    notes.add("merged from " + shards.size() + " shards (" + String.join(", ", shards.stream()
        .map(s -> s.dir().getFileName().toString()).toList()) + "): every figure is computed from all shards' events");
    joinEvents(shards, start, out);
    joinLines(shards, "task_events.jsonl", out);
    PRETTY.writeValue(out.resolve("phases.json").toFile(), phases(shards));
    PRETTY.writeValue(out.resolve("run_config.json").toFile(), config(shards, out));
    outcome(shards).write(out);
    joinSamples(shards, start, out, notes);
    for (ShardRun s : shards) {
      Path file = s.dir().resolve("notes.json");
      if (Files.exists(file)) {
        for (String note : JSON.readValue(file.toFile(), new TypeReference<List<String>>() {})) {
          notes.add("shard " + s.index() + ": " + note);
        }
      }
    }
    PRETTY.writeValue(out.resolve("notes.json").toFile(), notes);
    SimulationLogMerge.Joined joined = null;
    Path report = null;
    List<Path> logs = new ArrayList<>();
    for (ShardRun s : shards) {
      gatlingLog(s.dir()).ifPresent(logs::add);
    }
    if (logs.size() == shards.size()) {
      report = out.resolve(logs.get(0).getParent().getFileName().toString());
      Files.createDirectories(report);
      joined = SimulationLogMerge.merge(logs, report.resolve(SimulationLogMerge.FILE));
      GatlingReport.generate(report);
    } else {
      notes.add("no Gatling report: " + (shards.size() - logs.size()) + " shards have no simulation.log");
      PRETTY.writeValue(out.resolve("notes.json").toFile(), notes);
    }
    ReportResult result = PostProcessor.process(out, ReportOptions.defaults());
    return new Merged(out, shards, joined, report, result);
  }

  private static List<ShardRun> readShards(List<Path> dirs) throws IOException {
    if (dirs.isEmpty()) {
      throw new MergeException("no shard folders given");
    }
    List<ShardRun> shards = new ArrayList<>();
    for (Path dir : dirs) {
      Path configFile = dir.resolve("run_config.json");
      if (!Files.exists(configFile)) {
        throw new MergeException(dir + " holds no run_config.json: give the shards' run folders");
      }
      JsonNode config = JSON.readTree(configFile.toFile());
      JsonNode shard = config.path("shard");
      if (!shard.isObject()) {
        throw new MergeException(dir + " is not a shard's run (its run_config.json has no shard): run it with -Dshard=i/N");
      }
      shards.add(new ShardRun(dir, config, shard.path("index").asInt(), startOf(dir)));
    }
    shards.sort(Comparator.comparingInt(ShardRun::index));
    JsonNode first = shards.get(0).config();
    int count = first.path("shard").path("count").asInt();
    for (int i = 0; i < shards.size(); i++) {
      ShardRun s = shards.get(i);
      if (s.index() != i || s.config().path("shard").path("count").asInt() != count) {
        throw new MergeException("the folders are not shards 0.." + (count - 1) + " of one run: found shard "
            + s.index() + " of " + s.config().path("shard").path("count").asInt() + " in " + s.dir()
            + " where shard " + i + " of " + count + " belongs");
      }
      for (var it = first.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!OWN_KEYS.contains(field.getKey()) && !field.getValue().equals(s.config().path(field.getKey()))) {
          throw new MergeException(s.dir() + " ran another workload than " + shards.get(0).dir() + ": "
              + field.getKey() + " is " + s.config().path(field.getKey()) + ", not " + field.getValue()
              + "; merge only the shards of one run");
        }
      }
    }
    if (shards.size() != count) {
      throw new MergeException("the run had " + count + " shards, " + shards.size() + " folders given: shard "
          + shards.size() + " is missing");
    }
    return shards;
  }

  private static void requireEmpty(Path out) throws IOException {
    if (Folders.holdsFiles(out)) {
      throw new MergeException(out + " already holds files: merge into a new or empty folder");
    }
  }

  /**
   * The wall-clock millis of a shard's run start, as its events say: each event's {@code started_at}
   * is the start plus its whole elapsed milliseconds.
   */
  private static long startOf(Path dir) throws IOException {
    Path events = dir.resolve("request_events.jsonl");
    if (Files.exists(events)) {
      try (Stream<String> lines = Files.lines(events, StandardCharsets.UTF_8)) {
        Optional<String> line = lines.filter(l -> !l.isBlank()).findFirst();
        if (line.isPresent()) {
          JsonNode e = JSON.readTree(line.get());
          return Instant.parse(e.path("started_at").asText()).toEpochMilli()
              - (long) Math.floor(e.path("elapsed_ms_since_run_start").asDouble());
        }
      }
    }
    throw new MergeException(dir + " recorded no request: a shard that sent nothing cannot be merged; rerun it");
  }

  /** Every shard's events, each on the merged run's time, in the order they started. */
  private static void joinEvents(List<ShardRun> shards, long start, Path out) throws IOException {
    List<ObjectNode> events = new ArrayList<>();
    for (ShardRun s : shards) {
      double shift = s.startEpochMillis() - start;
      try (Stream<String> lines = Files.lines(s.dir().resolve("request_events.jsonl"), StandardCharsets.UTF_8)) {
        for (String line : (Iterable<String>) lines.filter(l -> !l.isBlank())::iterator) {
          ObjectNode e = (ObjectNode) JSON.readTree(line);
          double elapsed = e.path("elapsed_ms_since_run_start").asDouble() + shift;
          e.put("elapsed_ms_since_run_start", Math.round(elapsed * 1000) / 1000.0);
          events.add(e);
        }
      }
    }
    events.sort(Comparator.comparingDouble(e -> e.path("elapsed_ms_since_run_start").asDouble()));
    try (BufferedWriter w = Files.newBufferedWriter(out.resolve("request_events.jsonl"), StandardCharsets.UTF_8)) {
      for (ObjectNode e : events) {
        w.write(JSON.writeValueAsString(e));
        w.write('\n');
      }
    }
  }

  private static void joinLines(List<ShardRun> shards, String file, Path out) throws IOException {
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
      for (PhaseRecord p : JSON.readValue(file.toFile(), new TypeReference<List<PhaseRecord>>() {})) {
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

  /** The first shard's configuration with the common data root and prefix, and the shards listed. */
  private static ObjectNode config(List<ShardRun> shards, Path out) {
    ObjectNode config = shards.get(0).config().deepCopy();
    JsonNode shard = config.path("shard");
    config.put("run_id", out.getFileName().toString());
    config.put("data_root_uri", shard.path("common_data_root_uri").asText());
    config.put("session_prefix", shard.path("common_session_prefix").asText());
    config.put("output_dir", out.toAbsolutePath().toString());
    config.remove("shard");
    ArrayNode list = config.putArray("shards");
    for (ShardRun s : shards) {
      ObjectNode row = list.addObject();
      row.put("index", s.index());
      row.put("count", shards.size());
      row.put("folder", s.dir().toAbsolutePath().toString());
      row.put("run_id", s.config().path("run_id").asText());
      row.put("data_root_uri", s.config().path("data_root_uri").asText());
      row.put("session_prefix", s.config().path("session_prefix").asText());
      row.put("started_at", Timestamps.isoFromEpochMillis(s.startEpochMillis()));
    }
    return config;
  }

  /** Aborted if a shard was, else interrupted if one was, else complete; the final drain ran only if it ran in all. */
  private static RunOutcome outcome(List<ShardRun> shards) throws IOException {
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

  /**
   * The sampled files: every generator's rows of {@code resources.csv} on the merged time (each
   * shard samples its own JVM), and the server's queues as the first shard saw them (every shard
   * samples the same server). Generator GC pauses stay in each shard's folder: a pause of one JVM
   * says nothing of the requests of another.
   */
  private static void joinSamples(List<ShardRun> shards, long start, Path out, List<String> notes) throws IOException {
    List<String[]> rows = new ArrayList<>();
    String header = null;
    for (ShardRun s : shards) {
      Path file = s.dir().resolve("resources.csv");
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      header = lines.get(0);
      double shift = (s.startEpochMillis() - start) / 1000.0;
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", 2);
        rows.add(new String[] {String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(cells[0]) + shift), cells[1]});
      }
    }
    if (header != null) {
      rows.sort(Comparator.comparingDouble(r -> Double.parseDouble(r[0])));
      List<String> lines = new ArrayList<>();
      lines.add(header);
      rows.forEach(r -> lines.add(r[0] + "," + r[1]));
      Files.write(out.resolve("resources.csv"), lines, StandardCharsets.UTF_8);
      notes.add("resources.csv holds the samples of all " + shards.size() + " generators (one row per generator a "
          + "second); generator GC pauses are in each shard's own folder");
    }
    Path queues = shards.get(0).dir().resolve("server_queues.csv");
    if (Files.exists(queues)) {
      List<String> lines = Files.readAllLines(queues, StandardCharsets.UTF_8);
      double shift = (shards.get(0).startEpochMillis() - start) / 1000.0;
      List<String> moved = new ArrayList<>();
      moved.add(lines.get(0));
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split(",", 2);
        moved.add(String.format(java.util.Locale.ROOT, "%.3f", Double.parseDouble(cells[0]) + shift) + "," + cells[1]);
      }
      Files.write(out.resolve("server_queues.csv"), moved, StandardCharsets.UTF_8);
    }
    for (String file : List.of("model_stats.json", "server_queue_drain.json")) {
      if (Files.exists(shards.get(0).dir().resolve(file))) {
        Files.copy(shards.get(0).dir().resolve(file), out.resolve(file));
      }
    }
  }

  /** The shard's {@code simulation.log}, in the Gatling report folder its run moved beside its files. */
  static Optional<Path> gatlingLog(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(p -> Files.isRegularFile(p.resolve(SimulationLogMerge.FILE))).sorted().findFirst()
          .map(p -> p.resolve(SimulationLogMerge.FILE));
    }
  }
}
