package ovload.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the breakdown costs the sdk path: the retrieval phase against the instant embedded stand-in,
 * telemetry off and on, alternating (off, on, off, on) in one invocation, each as {@code mvn
 * gatling:test} runs it. Prints requests per second and the load generator's CPU per request
 * (resources.csv, stand-in threads excluded) of each run and the on/off ratios; the target is
 * within 5 %. X-Process-Time is read in both (it is part of every event). A benchmark, not a test:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
 * ovload.simulation.BreakdownBenchmark [phase seconds] [search concurrency] [repetitions]}.
 */
public final class BreakdownBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Figures(long requests, double seconds, double cpuSeconds) {
    double perSecond() {
      return requests / seconds;
    }

    double cpuMsPerRequest() {
      return cpuSeconds * 1000 / requests;
    }
  }

  private BreakdownBenchmark() {}

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 8;
    String concurrency = args.length > 1 ? args[1] : "4";
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Path base = Files.createDirectories(Path.of("target/benchmarks")).resolve("breakdown-" + System.nanoTime()).toAbsolutePath();
    double[] sums = new double[4]; // off rps, off cpu, on rps, on cpu
    for (int rep = 1; rep <= reps; rep++) {
      for (boolean telemetry : List.of(false, true)) {
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
        Figures f = retrieval(work.resolve("run"));
        System.out.printf("telemetry %-3s rep %d: %5d requests in %.2f s = %8.1f req/s; generator CPU %.3f ms/request%n",
            telemetry ? "on" : "off", rep, f.requests(), f.seconds(), f.perSecond(), f.cpuMsPerRequest());
        sums[telemetry ? 2 : 0] += f.perSecond();
        sums[telemetry ? 3 : 1] += f.cpuMsPerRequest();
      }
    }
    System.out.printf("mean of %d: off %.1f req/s, %.3f ms CPU/request; on %.1f req/s, %.3f ms CPU/request%n",
        reps, sums[0] / reps, sums[1] / reps, sums[2] / reps, sums[3] / reps);
    System.out.printf("on vs off: throughput %+.1f %%, generator CPU per request %+.1f %% (target: within 5 %%)%n",
        (sums[2] / sums[0] - 1) * 100, (sums[3] / sums[1] - 1) * 100);
  }

  /** The sdk retrieval phase's requests, duration and the generator's CPU seconds in it. */
  private static Figures retrieval(Path runDir) throws Exception {
    JsonNode phase = null;
    for (JsonNode p : JSON.readTree(runDir.resolve("phases.json").toFile())) {
      if (p.get("scenario").asText().equals("retrieval")) {
        phase = p;
      }
    }
    if (phase == null) {
      throw new IllegalStateException("no retrieval phase in " + runDir);
    }
    long requests = 0;
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      if (line.contains("\"scenario\":\"retrieval\"")) {
        requests++;
      }
    }
    Instant start = Instant.parse(phase.get("started_at").asText());
    Instant end = Instant.parse(phase.get("ended_at").asText());
    int cores = Runtime.getRuntime().availableProcessors();
    double cpu = 0;
    double lastElapsed = Double.NaN;
    List<String> rows = Files.readAllLines(runDir.resolve("resources.csv"));
    for (String row : rows.subList(1, rows.size())) {
      String[] cells = row.split(",", -1);
      double elapsed = Double.parseDouble(cells[0]);
      Instant at = Instant.parse(cells[1]);
      // a sample covers the interval since the previous one: count those ending inside the phase
      if (!Double.isNaN(lastElapsed) && at.isAfter(start) && !at.isAfter(end.plusMillis(500))) {
        cpu += Double.parseDouble(cells[2]) / 100 * cores * (elapsed - lastElapsed);
      }
      lastElapsed = elapsed;
    }
    return new Figures(requests, phase.get("duration_seconds").asDouble(), cpu);
  }
}
