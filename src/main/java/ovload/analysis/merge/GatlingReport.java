package ovload.analysis.merge;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ovload.support.ChildEnvironment;

/**
 * Gatling's own HTML report of a {@code simulation.log}: Gatling in reports-only mode ({@code -ro}),
 * in a JVM of its own, as the Gatling Maven plugin forks one: Gatling's log reader needs
 * {@code java.lang} opened to it, which only a JVM's command line can do (the merge may run inside
 * Maven through {@code exec:java}). Usage analytics off and Gatling's release check persisted as
 * done, as in every run of the suite.
 */
final class GatlingReport {
  private static final long TIMEOUT_MINUTES = 30;

  private GatlingReport() {}

  /** Writes {@code index.html} and {@code js/} beside {@code folder/simulation.log}. */
  static void generate(Path folder) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dgatling.data.enableAnalytics=false"));
    resource("gatling-prefs").ifPresent(p -> command.add("-Djava.util.prefs.userRoot=" + p));
    resource("logback.xml").ifPresent(p -> command.add("-Dlogback.configurationFile=" + p));
    command.addAll(List.of("-cp", classPath(), "io.gatling.app.Gatling",
        "-ro", folder.getFileName().toString(), "-rf", folder.toAbsolutePath().getParent().toString()));
    Path log = folder.resolve("report-generation.log");
    Process process = ChildEnvironment.clean(new ProcessBuilder(command)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IOException("Gatling's report generation took over " + TIMEOUT_MINUTES + " min: see " + log);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while Gatling wrote its report");
    }
    // failed assertions end reports-only with status 2 and a complete report
    if (!Files.exists(folder.resolve("index.html"))) {
      throw new IOException("Gatling wrote no report from " + folder.resolve(SimulationLogMerge.FILE) + " (exit "
          + process.exitValue() + "): " + Files.readString(log, StandardCharsets.UTF_8).strip());
    }
    Files.delete(log);
  }

  /** This code's class path: the class loader's (inside Maven's exec:java), else the JVM's. */
  static String classPath() {
    if (GatlingReport.class.getClassLoader() instanceof URLClassLoader loader) {
      List<String> entries = new ArrayList<>();
      for (URL url : loader.getURLs()) {
        try {
          entries.add(Path.of(url.toURI()).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
          // not a file: nothing a forked JVM could load
        }
      }
      if (!entries.isEmpty()) {
        return String.join(File.pathSeparator, entries);
      }
    }
    return System.getProperty("java.class.path");
  }

  private static java.util.Optional<Path> resource(String name) {
    URL url = GatlingReport.class.getClassLoader().getResource(name);
    try {
      return url == null || !"file".equals(url.getProtocol()) ? java.util.Optional.empty()
          : java.util.Optional.of(Path.of(url.toURI()));
    } catch (URISyntaxException e) {
      return java.util.Optional.empty();
    }
  }
}
