package ovload.tools;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import ovload.provision.OvWheel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ovload fetch-ov}: OpenViking's own {@code ov} taken from its wheel into {@code target/} ({@link OvWheel})
 * unless it is there already; prints its path. {@code scripts/fetch-ov.sh} runs it.
 */
@Command(name = "fetch-ov", description = "Fetches OpenViking's ov into target/ (once) and prints its path.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the path is printed", "1:ov could not be fetched (the reason is printed)", "2:a bad option"})
public final class FetchOvCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "<project folder>",
      description = "The ovload checkout (default: -Dovload.projectDir, else the current folder).")
  Path projectDir;

  @Override
  public Integer call() {
    Path project = (projectDir != null ? projectDir : Path.of(System.getProperty("ovload.projectDir", ".")))
        .toAbsolutePath().normalize();
    try {
      Path bin = OvWheel.installed(project);
      if (bin == null) {
        spec.commandLine().getErr().println("fetch-ov: downloading openviking==" + OvWheel.VERSION
            + " (the wheel, without its dependencies) from PyPI to take its ov into " + project.resolve(OvWheel.DIR));
        bin = OvWheel.fetch(project, System.getenv(), OvWheel.FETCH_TIMEOUT);
      }
      spec.commandLine().getOut().println(bin);
      return Ovload.OK;
    } catch (IOException e) {
      spec.commandLine().getErr().println("fetch-ov: " + e.getMessage() + ": check that PyPI is reachable (pip config, "
          + "proxy), or install openviking==" + OvWheel.VERSION + " and pass its ov with -DovBin");
      return Ovload.FAILED;
    }
  }
}
