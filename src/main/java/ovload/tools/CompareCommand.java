package ovload.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ovload.analysis.compare.CompareRuns;
import ovload.analysis.compare.Thresholds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovload compare}: a candidate against a baseline, two runs or two plans of runs ({@link CompareRuns}),
 * written as {@code comparison.md}, {@code .csv} and {@code .html}:
 * {@code mvn -q exec:java@compare -Dexec.args="reports/A reports/B"}.
 */
@Command(name = "compare", description = "Compares a candidate run (or plan of runs) with a baseline.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:no regression", "1:a row regressed, or a new failure class appeared",
        "2:a bad option, or a run that cannot be read or a comparison that cannot be written"})
public final class CompareCommand implements Callable<Integer> {
  private static final Thresholds DEFAULTS = Thresholds.DEFAULTS;

  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<baseline>", description = "The baseline's run folder or plan folder.")
  Path baseline;

  @Parameters(index = "1", paramLabel = "<candidate>", description = "The candidate's, of the same kind.")
  Path candidate;

  @Option(names = "--out", paramLabel = "DIR", description = "Where the comparison goes (default: the candidate's folder).")
  Path out;

  @Option(names = "--alpha", paramLabel = "P", description = "Significance level after Holm's correction (default: ${DEFAULT-VALUE}).")
  double alpha = DEFAULTS.alpha();

  @Option(names = "--min-effect-percent", paramLabel = "PCT",
      description = "Smallest change of a p50 or p95 that counts, relative (default: ${DEFAULT-VALUE}).")
  double minEffectPercent = DEFAULTS.minEffectPercent();

  @Option(names = "--min-effect-ms", paramLabel = "MS",
      description = "Smallest change of a p50 or p95 that counts, absolute (default: ${DEFAULT-VALUE}).")
  double minEffectMs = DEFAULTS.minEffectMs();

  @Option(names = "--resamples", paramLabel = "N", description = "Bootstrap resamples between single runs (default: ${DEFAULT-VALUE}).")
  int resamples = DEFAULTS.resamples();

  @Option(names = "--seed", paramLabel = "N", description = "The bootstrap's seed (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  /** Gone; named so that its users learn what replaced it. */
  @Option(names = "--max-p95-increase-percent", hidden = true)
  String maxP95IncreasePercent;

  public static void main(String[] args) {
    Ovload.main(CompareCommand.class, args);
  }

  @Override
  public Integer call() {
    if (maxP95IncreasePercent != null) {
      throw Ovload.badInput(spec,
          "--max-p95-increase-percent is gone: a row now needs a significant change; use --min-effect-percent");
    }
    CompareRuns.Comparison comparison;
    try {
      comparison = CompareRuns.compare(baseline, candidate,
          new Thresholds(alpha, minEffectPercent, minEffectMs, resamples, seed));
    } catch (IOException | RuntimeException e) {
      throw Ovload.badInput(spec, e.getMessage());
    }
    Path target = out != null ? out : candidate;
    try {
      CompareRuns.write(comparison, baseline, candidate, target);
    } catch (IOException e) {
      spec.commandLine().getErr().println("ovload compare: " + e.getMessage());
      return Ovload.USAGE;
    }
    spec.commandLine().getOut().println(CompareRuns.headline(comparison) + ": " + target.resolve("comparison.md"));
    return comparison.regressed() ? Ovload.FAILED : Ovload.OK;
  }
}
