package ovload.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;
import ovload.report.gates.GateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovload report}: the reports of a run folder written afresh (a run writes them by itself), e.g.
 * after a change to the report or with another window: {@code mvn -q exec:java@report -Dexec.args=reports/<run>}.
 */
@Command(name = "report", description = "Writes the reports of a run folder afresh from its events.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:written, gates passed", "1:a report could not be written", "2:a bad option or folder",
        "3:written, a latency or failure gate failed (see gates.xml)"})
public final class ReportCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "<run folder>", description = "A run folder, e.g. reports/20261122T230000Z.")
  Path runDir;

  @Option(names = "--window-seconds", paramLabel = "N",
      description = "Width of the time-series windows, at least 1 (default: from the run's request window).")
  Double windowSeconds;

  @Option(names = "--no-charts", description = "Skip the charts (PNG and their references).")
  boolean noCharts;

  public static void main(String[] args) {
    Ovload.main(ReportCommand.class, args);
  }

  @Override
  public Integer call() {
    if (!Files.isDirectory(runDir)) {
      throw Ovload.badInput(spec, "not a folder: " + runDir);
    }
    if (windowSeconds != null && !(windowSeconds >= 1)) {
      throw Ovload.badInput(spec, "--window-seconds must be at least 1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      ReportResult result = PostProcessor.process(runDir, new ReportOptions(windowSeconds, !noCharts));
      out.println("summary:    " + result.summary());
      out.println("summary_zh: " + result.summaryZh());
      if (!result.gatesPassed()) {
        err.println("ovload report: " + result.gates().stream().filter(GateResult::failed).count()
            + " latency, failure or backlog gates failed: see gates.xml");
        return Ovload.GATES_FAILED;
      }
      return Ovload.OK;
    } catch (IOException e) {
      err.println("ovload report: cannot write the reports of " + runDir + ": " + e.getMessage());
      return Ovload.FAILED;
    }
  }
}
