package ovload.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import ovload.gatling.ContentionSimulation;

/**
 * Runs the simulation the way {@code mvn gatling:test} does: Gatling's main class in a forked JVM
 * on the test classpath, options as system properties, so that the JVM-exit path (Gatling's
 * report, then ours) is the one under test.
 */
public final class GatlingFork {
  public record Result(int exitCode, String output) {}

  private GatlingFork() {}

  /** The smoke profile shortened for tests: instant model, brief phases, quick drains, folders under {@code work}. */
  public static Map<String, String> shortSmoke(Path work, String adapters, double phaseSeconds) {
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("profile", "smoke");
    options.put("adapters", adapters);
    options.put("warmupSeconds", Double.toString(Math.min(0.5, phaseSeconds)));
    options.put("phaseSeconds", Double.toString(phaseSeconds));
    options.put("mixedSeconds", Double.toString(phaseSeconds * 1.5));
    options.put("modelMode", "instant");
    options.put("drainTimeout", "30");
    options.put("taskPollInterval", "0.2");
    options.put("outputDir", work.resolve("run").toString());
    options.put("localDataDir", work.resolve("data").toString());
    return options;
  }

  /**
   * As {@link #shortSmoke}, with an embedded stand-in that does not warm up ({@code -DstandinWarmUp=false}):
   * for runs whose assertions hold on a cold server, each of which then starts the warm-up's seconds sooner.
   */
  public static Map<String, String> coldSmoke(Path work, String adapters, double phaseSeconds) {
    Map<String, String> options = shortSmoke(work, adapters, phaseSeconds);
    options.put("standinWarmUp", "false");
    return options;
  }

  /**
   * The run succeeded, or failed only its latency gates (ours or Gatling's assertions), which a
   * busy machine may do: its files are written either way.
   */
  static boolean passedOrFailedGatesOnly(Result result) {
    return result.exitCode() == 0 || result.exitCode() == 2 && (result.output().contains("latency, failure or backlog gates failed")
        || result.output().contains(" : false (actual : "));
  }

  static Result run(Path workDir, Path gatlingResults, Map<String, String> options, long timeoutSeconds)
      throws IOException, InterruptedException {
    Started started = start(workDir, gatlingResults, options);
    return started.await(timeoutSeconds);
  }

  /** A forked run under way: its process (to stop it as Ctrl-C would) and its console log. */
  public record Started(Process process, Path log) {
    String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    public Result await(long timeoutSeconds) throws IOException, InterruptedException {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        throw new AssertionError("the Gatling run did not end within " + timeoutSeconds + " s:\n" + tail(log));
      }
      return new Result(process.exitValue(), output());
    }
  }

  public static Started start(Path workDir, Path gatlingResults, Map<String, String> options) throws IOException {
    return start(workDir, gatlingResults, options, ContentionSimulation.class);
  }

  /** As {@link #start(Path, Path, Map)}, with another simulation of the test class path. */
  public static Started start(Path workDir, Path gatlingResults, Map<String, String> options,
      Class<? extends io.gatling.javaapi.core.Simulation> simulation) throws IOException {
    Path projectDir = Path.of("").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m",
        "--add-opens=java.base/java.lang=ALL-UNNAMED", // as the Gatling plugin passes it
        "-cp", System.getProperty("java.class.path"),
        "-Dgatling.data.enableAnalytics=false",
        // as the pom's jvmArgs: Gatling's latest-release check is persisted as done
        "-Djava.util.prefs.userRoot=" + projectDir.resolve("target/classes/gatling-prefs"),
        "-Dovload.projectDir=" + projectDir,
        "-Dlogback.configurationFile=" + projectDir.resolve("target/classes/logback.xml"),
        "-Dovload.gatlingResults=" + gatlingResults));
    options.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("io.gatling.app.Gatling", "-s", simulation.getName(),
        "-rf", gatlingResults.toString()));
    Path log = Files.createTempFile(Files.createDirectories(workDir), "gatling-fork", ".log");
    Process process = new ProcessBuilder(command)
        .directory(projectDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    return new Started(process, log);
  }

  /** Gatling's report in a run folder, under the name Gatling gives it ({@code contentionsimulation-<date>}). */
  static Path gatlingReport(Path runDir) throws IOException {
    try (java.util.stream.Stream<Path> entries = Files.list(runDir)) {
      List<Path> reports = entries.filter(p -> p.getFileName().toString().matches("contentionsimulation-\\d+")).toList();
      if (reports.size() != 1) {
        throw new AssertionError("one Gatling report in " + runDir + ", found " + reports);
      }
      return reports.get(0);
    }
  }

  private static String tail(Path log) throws IOException {
    String text = Files.readString(log, StandardCharsets.UTF_8);
    return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
  }
}
