package ovload.analysis.merge;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;
import ovload.support.Folders;
import ovload.support.Json;

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

  /** The merged folder and its reports. */
  public record Merged(Path dir, List<ShardRun> shards, List<String> unfinished, SimulationLogMerge.Joined gatling,
      Path gatlingReport, ReportResult report) {}

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
    return merge(ShardRun.readAll(shardDirs), List.of(), out);
  }

  /**
   * The shards whose run ended, merged; each shard that did not (killed on the way, never started) is
   * named in the notes and in {@link Merged#unfinished}: the figures then cover part of the workload.
   */
  public static Merged mergeFinished(List<Path> shardDirs, Path out) throws IOException {
    ShardRun.Finished finished = ShardRun.readFinished(shardDirs);
    return merge(finished.shards(), finished.unfinished(), out);
  }

  private static Merged merge(List<ShardRun> shards, List<String> unfinished, Path out) throws IOException {
    requireEmpty(out);
    Files.createDirectories(out);
    long start = shards.stream().mapToLong(ShardRun::startEpochMillis).min().orElseThrow();
    List<String> notes = new ArrayList<>();
    notes.add("merged from " + shards.size() + " shards (" + String.join(", ", shards.stream()
        .map(s -> s.dir().getFileName().toString()).toList()) + "): every figure is computed from all shards' events");
    if (!unfinished.isEmpty()) {
      int count = shards.get(0).config().path("shard").path("count").asInt();
      notes.add("PARTIAL: " + shards.size() + " of " + count + " shards finished; the figures cover their slices only; "
          + "not merged: " + String.join("; ", unfinished));
    }
    ShardJoin.events(shards, start, out);
    ShardJoin.lines(shards, "task_events.jsonl", out);
    Json.PRETTY.writeValue(out.resolve("phases.json").toFile(), ShardJoin.phases(shards));
    Json.PRETTY.writeValue(out.resolve("run_config.json").toFile(), MergedConfig.of(shards, out));
    ShardJoin.outcome(shards).write(out);
    ShardJoin.samples(shards, start, out, notes);
    for (ShardRun s : shards) {
      Path file = s.dir().resolve("notes.json");
      if (Files.exists(file)) {
        for (String note : Json.MAPPER.readValue(file.toFile(), new TypeReference<List<String>>() {})) {
          notes.add("shard " + s.index() + ": " + note);
        }
      }
    }
    Json.PRETTY.writeValue(out.resolve("notes.json").toFile(), notes);
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
      Json.PRETTY.writeValue(out.resolve("notes.json").toFile(), notes);
    }
    ReportResult result = PostProcessor.process(out, ReportOptions.defaults());
    return new Merged(out, shards, unfinished, joined, report, result);
  }

  private static void requireEmpty(Path out) throws IOException {
    if (Folders.holdsFiles(out)) {
      throw new MergeException(out + " already holds files: merge into a new or empty folder");
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
