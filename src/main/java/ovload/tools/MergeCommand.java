package ovload.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ovload.analysis.merge.ShardMerge;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovload merge}: the shards of a sharded run joined into one run folder ({@link ShardMerge}):
 * {@code mvn -q exec:java@merge -Dexec.args=reports/<run_id>} merges {@code reports/<run_id>-shard-*}.
 */
@Command(name = "merge", description = "Joins the shards of a sharded run into one run folder with every report.",
    customSynopsis = {"ovload merge [--partial] <run folder>   (its shards are <run folder>-shard-*)",
        "   or: ovload merge [--partial] --out <run folder> <shard folder>..."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:merged, gates passed", "1:the merged folder could not be written",
        "2:a bad option, or folders that are not the shards of one run",
        "3:merged, a latency or failure gate failed (see gates.xml)",
        "4:--partial: merged the shards that finished; each that did not is named on stderr (gates.xml judges the merged part)"})
public final class MergeCommand implements Callable<Integer> {
  /** {@code --partial} merged fewer shards than the run had. */
  static final int PARTIAL = 4;

  @Spec
  CommandSpec spec;

  @Option(names = "--out", paramLabel = "<run folder>", description = "The merged run folder; the arguments are then its shards.")
  Path out;

  @Option(names = "--partial", description = "Merge the shards whose run ended and name those that did not (killed, never "
      + "started) instead of refusing; exit 4 when one did not.")
  boolean partial;

  @Parameters(paramLabel = "<folder>", description = "The run folder to merge into, or with --out the shard folders.")
  List<Path> folders = List.of();

  public static void main(String[] args) {
    Ovload.main(MergeCommand.class, args);
  }

  @Override
  public Integer call() {
    if (out == null && folders.size() != 1) {
      throw Ovload.badInput(spec, folders.isEmpty() ? "no run folder given"
          : "one run folder, or --out and the shard folders, not " + folders.size() + " folders");
    }
    Path into = out != null ? out : folders.get(0);
    PrintWriter err = spec.commandLine().getErr();
    try {
      List<Path> shards = out != null ? folders : ShardMerge.siblings(into);
      ShardMerge.Merged merged = partial ? ShardMerge.mergeFinished(shards, into) : ShardMerge.merge(shards, into);
      PrintWriter stdout = spec.commandLine().getOut();
      int count = merged.shards().get(0).config().path("shard").path("count").asInt();
      stdout.println("ovload merge: " + merged.shards().size() + " of " + count + " shards into " + merged.dir());
      stdout.println("  Gatling report: " + (merged.gatlingReport() == null ? "none (no shard has a simulation.log)"
          : merged.gatlingReport().resolve("index.html")));
      stdout.println("  summary:        " + merged.report().summary() + " (in a browser: summary.html)");
      for (String shard : merged.unfinished()) {
        err.println("ovload merge: not merged: " + shard);
      }
      if (!merged.report().gatesPassed()) {
        err.println("ovload merge: latency, failure or backlog gates failed: see " + merged.dir().resolve("gates.xml"));
      }
      if (!merged.unfinished().isEmpty()) {
        err.println("ovload merge: PARTIAL: " + merged.shards().size() + " of " + count + " shards merged (exit " + PARTIAL + ")");
        return PARTIAL;
      }
      if (!merged.report().gatesPassed()) {
        return Ovload.GATES_FAILED;
      }
      return Ovload.OK;
    } catch (ShardMerge.MergeException e) {
      throw Ovload.badInput(spec, e.getMessage());
    } catch (IOException e) {
      err.println("ovload merge: cannot write " + into + ": " + e.getMessage());
      return Ovload.FAILED;
    }
  }
}
