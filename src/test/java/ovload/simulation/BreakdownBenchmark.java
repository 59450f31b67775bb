package ovload.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the breakdown costs the sdk path: the retrieval phase against the instant embedded stand-in,
 * telemetry off and on, each as {@code mvn gatling:test} runs it, in one invocation. Prints requests
 * per second, the load generator's CPU per request (resources.csv, stand-in excluded) and the
 * stand-in's CPU per request of each run, and the on/off ratios; the target is within 5 %.
 * X-Process-Time is read in both (it is part of every event).
 *
 * <p>Fair by construction: the order alternates off-on, on-off, ... so that a machine getting busier
 * over the invocation does not favour one side, and the first {@code settle} seconds of every
 * retrieval phase are left out, as both JVMs are still compiling then (the JIT's work there is
 * larger than the requests', and differs with the code path). CPU samples count by their overlap
 * with the measured window, not whole. A benchmark, not a test:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
 * ovload.simulation.BreakdownBenchmark [phase seconds] [search concurrency] [repetitions] [settle seconds]}.
 */
public final class BreakdownBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Figures(long requests, double seconds, double generatorCpuSeconds, double standinCpuSeconds) {
    double perSecond() {
      return requests / seconds;
    }

    double generatorMsPerRequest() {
      return generatorCpuSeconds * 1000 / requests;
    }

    double standinMsPerRequest() {
      return standinCpuSeconds * 1000 / requests;
    }
  }

  private BreakdownBenchmark() {}

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 12;
    String concurrency = args.length > 1 ? args[1] : "4";
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    double settleSeconds = args.length > 3 ? Double.parseDouble(args[3]) : Math.min(4, phaseSeconds / 3);
    if (settleSeconds < 0 || settleSeconds >= phaseSeconds) {
      throw new IllegalArgumentException("settle seconds must be at least 0 and less than the phase's " + phaseSeconds);
    }
    Path base = Files.createDirectories(Path.of("target/benchmarks")).resolve("breakdown-" + System.nanoTime()).toAbsolutePath();
    double[][] sums = new double[2][3]; // [off, on][req/s, generator ms/request, stand-in ms/request]
    for (int rep = 1; rep <= reps; rep++) {
      for (boolean telemetry : rep % 2 == 1 ? List.of(false, true) : List.of(true, false)) {
        Path work = base.resolve((telemetry ? "on-" : "off-") + rep);
        Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
        options.put("mixedSeconds", "1");
        options.put("resourceCount", "4");
        options.put("sessionCount", "2");
        options.put("searchConcurrency", concurrency);
        options.put("telemetry", Boolean.toString(telemetry));
        GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 600);
        if (result.exitCode() != 0 && result.exitCode() != 2) { // 2: latency gates, not our concern here
          throw new IllegalStateException("run failed (" + result.exitCode() + "): " + result.output());
        }
        Figures f = retrieval(work.resolve("run"), settleSeconds);
        System.out.printf("telemetry %-3s rep %d: %5d requests in %.2f s = %7.1f req/s; CPU per request: generator %.3f ms,"
                + " stand-in %.3f ms%n", telemetry ? "on" : "off", rep, f.requests(), f.seconds(), f.perSecond(),
            f.generatorMsPerRequest(), f.standinMsPerRequest());
        double[] side = sums[telemetry ? 1 : 0];
        side[0] += f.perSecond();
        side[1] += f.generatorMsPerRequest();
        side[2] += f.standinMsPerRequest();
      }
    }
    double[] off = sums[0];
    double[] on = sums[1];
    System.out.printf("mean of %d (first %.1f s of each phase left out): off %.1f req/s, generator %.3f ms, stand-in %.3f ms"
        + " CPU/request; on %.1f req/s, generator %.3f ms, stand-in %.3f ms CPU/request%n", reps, settleSeconds,
        off[0] / reps, off[1] / reps, off[2] / reps, on[0] / reps, on[1] / reps, on[2] / reps);
    System.out.printf("on vs off: throughput %+.1f %%, generator CPU per request %+.1f %%, stand-in CPU per request %+.1f %%"
        + " (target: within 5 %%)%n", (on[0] / off[0] - 1) * 100, (on[1] / off[1] - 1) * 100, (on[2] / off[2] - 1) * 100);
  }

  /** The sdk retrieval phase after its first {@code settle} seconds: requests, duration, CPU seconds of both sides. */
  private static Figures retrieval(Path runDir, double settleSeconds) throws Exception {
    JsonNode phase = null;
    for (JsonNode p : JSON.readTree(runDir.resolve("phases.json").toFile())) {
      if (p.get("scenario").asText().equals("retrieval")) {
        phase = p;
      }
    }
    if (phase == null) {
      throw new IllegalStateException("no retrieval phase in " + runDir);
    }
    Instant start = Instant.parse(phase.get("started_at").asText()).plusMillis(Math.round(settleSeconds * 1000));
    Instant end = Instant.parse(phase.get("ended_at").asText());
    long requests = 0;
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      if (line.contains("\"scenario\":\"retrieval\"")) {
        Instant ended = Instant.parse(JSON.readTree(line).get("ended_at").asText());
        if (ended.isAfter(start) && !ended.isAfter(end)) {
          requests++;
        }
      }
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double generator = 0;
    double standin = 0;
    Instant previous = null;
    List<String> rows = Files.readAllLines(runDir.resolve("resources.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      Instant at = Instant.parse(cells[1]);
      if (previous != null) {
        // a sample's percentages cover the interval since the previous sample: count the part inside the window
        Instant from = previous.isAfter(start) ? previous : start;
        Instant to = at.isBefore(end) ? at : end;
        double overlap = to.isAfter(from) ? Duration.between(from, to).toNanos() / 1e9 : 0;
        generator += Double.parseDouble(cells[2]) / 100 * cores * overlap;
        standin += (cells[8].isEmpty() ? 0 : Double.parseDouble(cells[8])) / 100 * cores * overlap;
      }
      previous = at;
    }
    return new Figures(requests, Duration.between(start, end).toNanos() / 1e9, generator, standin);
  }
}
