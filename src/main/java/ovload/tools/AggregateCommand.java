package ovload.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import ovload.analysis.aggregate.RunAggregate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovload aggregate}: {@code aggregate.json} and {@code aggregate.csv} over repeated runs ({@link RunAggregate}):
 * {@code mvn -q exec:java@aggregate -Dexec.args="--out reports/agg reports/run1 reports/run2 reports/run3"}.
 */
@Command(name = "aggregate", description = "Statistics of each operation's qps and percentiles over two or more runs.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written", "1:the aggregate could not be written", "2:a bad option, or a folder that is not a finished run"})
public final class AggregateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where aggregate.json and aggregate.csv go.")
  Path out;

  @Parameters(arity = "1..*", paramLabel = "<run folder>", description = "Two or more run folders with request_summary.csv.")
  List<Path> runs;

  public static void main(String[] args) {
    Ovload.main(AggregateCommand.class, args);
  }

  @Override
  public Integer call() throws IOException {
    if (runs.size() < 2) {
      throw Ovload.badInput(spec, "give two or more run folders: one run has no spread to aggregate");
    }
    for (Path run : runs) {
      if (!Files.exists(run.resolve("request_summary.csv"))) {
        throw Ovload.badInput(spec, run + " has no request_summary.csv: give the folders of finished runs");
      }
    }
    RunAggregate.write(RunAggregate.aggregate(runs), runs, Files.createDirectories(out));
    spec.commandLine().getOut().println("aggregate of " + runs.size() + " runs: " + out.resolve("aggregate.csv"));
    return Ovload.OK;
  }
}
