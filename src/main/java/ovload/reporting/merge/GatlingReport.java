package ovload.reporting.merge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Gatling's own HTML report of a {@code simulation.log}: Gatling in reports-only mode ({@code -ro}),
 * in this JVM, with usage analytics off as in every run of the suite.
 */
final class GatlingReport {
  private GatlingReport() {}

  /** Writes {@code index.html} and {@code js/} beside {@code folder/simulation.log}. */
  static void generate(Path folder) throws IOException {
    System.setProperty("gatling.data.enableAnalytics", "false");
    int status = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[] {
        "-ro", folder.getFileName().toString(), "-rf", folder.toAbsolutePath().getParent().toString()});
    // failed assertions end reports-only with status 2 and a complete report
    if (!Files.exists(folder.resolve("index.html"))) {
      throw new IOException("Gatling wrote no report from " + folder.resolve(SimulationLogMerge.FILE) + " (status " + status + ")");
    }
  }
}
