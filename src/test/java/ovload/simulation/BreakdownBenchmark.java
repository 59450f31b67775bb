package ovload.simulation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the breakdown costs the sdk path: the retrieval phase against the instant embedded stand-in,
 * telemetry off and on, each as {@code mvn gatling:test} runs it, in one invocation. Prints requests
 * per second, the load generator's CPU per request (resources.csv, stand-in excluded) and the
 * stand-in's CPU per request of each run, and the on/off ratios; the target is within 5 %.
 * X-Process-Time is read in both (it is part of every event).
 *
 * <p>Fair on a shared machine: the off and the on run go at the same time, each with its own
 * stand-in, and are measured over the same window (the overlap of their retrieval phases), so that
 * whatever else the machine does at that moment weighs on both alike; which one starts first
 * alternates. The first {@code settle} seconds of the retrieval phases are left out, as all four
 * JVMs are still compiling then (the JIT's work there is larger than the requests', and differs with
 * the code path). CPU samples count by their overlap with the window, not whole. A benchmark, not a
 * test: {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
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

    double[] values() {
      return new double[] {perSecond(), generatorMsPerRequest(), standinMsPerRequest()};
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
    double[] logRatios = new double[3];
    for (int rep = 1; rep <= reps; rep++) {
      Map<Boolean, GatlingFork.Started> runs = new LinkedHashMap<>();
      for (boolean telemetry : rep % 2 == 1 ? List.of(false, true) : List.of(true, false)) {
        Path work = base.resolve((telemetry ? "on-" : "off-") + rep);
        Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
        options.put("mixedSeconds", "1");
        options.put("resourceCount", "4");
        options.put("sessionCount", "2");
        options.put("searchConcurrency", concurrency);
        options.put("telemetry", Boolean.toString(telemetry));
        runs.put(telemetry, GatlingFork.start(work, work.resolve("gatling"), options));
      }
      for (GatlingFork.Started run : runs.values()) {
        GatlingFork.Result result = run.await(600);
        if (result.exitCode() != 0 && result.exitCode() != 2) { // 2: latency gates, not our concern here
          throw new IllegalStateException("run failed (" + result.exitCode() + "): " + result.output());
        }
      }
      Path offRun = base.resolve("off-" + rep).resolve("run");
      Path onRun = base.resolve("on-" + rep).resolve("run");
      Instant[] offPhase = retrievalPhase(offRun);
      Instant[] onPhase = retrievalPhase(onRun);
      Instant from = max(offPhase[0], onPhase[0]).plusMillis(Math.round(settleSeconds * 1000));
      Instant to = offPhase[1].isBefore(onPhase[1]) ? offPhase[1] : onPhase[1];
      if (!to.isAfter(from.plusSeconds(1))) {
        throw new IllegalStateException("rep " + rep + ": the two retrieval phases overlap by less than a second after the"
            + " settle time; give longer phases");
      }
      Figures off = figures(offRun, from, to);
      Figures on = figures(onRun, from, to);
      for (boolean telemetry : List.of(false, true)) {
        Figures f = telemetry ? on : off;
        System.out.printf("rep %d telemetry %-3s: %5d requests in %.2f s = %7.1f req/s; CPU per request: generator %.3f ms,"
                + " stand-in %.3f ms%n", rep, telemetry ? "on" : "off", f.requests(), f.seconds(), f.perSecond(),
            f.generatorMsPerRequest(), f.standinMsPerRequest());
        double[] v = f.values();
        for (int i = 0; i < v.length; i++) {
          sums[telemetry ? 1 : 0][i] += v[i] / reps;
        }
      }
      double[] offValues = off.values();
      double[] onValues = on.values();
      for (int i = 0; i < logRatios.length; i++) {
        logRatios[i] += Math.log(onValues[i] / offValues[i]) / reps;
      }
    }
    double[] off = sums[0];
    double[] on = sums[1];
    System.out.printf("mean of %d (side by side, first %.1f s of the phases left out): off %.1f req/s, CPU/request generator"
        + " %.3f ms, stand-in %.3f ms; on %.1f req/s, CPU/request generator %.3f ms, stand-in %.3f ms%n", reps, settleSeconds,
        off[0], off[1], off[2], on[0], on[1], on[2]);
    System.out.printf("on vs off (geometric mean of the %d side-by-side ratios): throughput %+.1f %%, generator CPU per"
        + " request %+.1f %%, stand-in CPU per request %+.1f %% (target: within 5 %%)%n", reps,
        (Math.exp(logRatios[0]) - 1) * 100, (Math.exp(logRatios[1]) - 1) * 100, (Math.exp(logRatios[2]) - 1) * 100);
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /** The sdk retrieval phase's start and end. */
  private static Instant[] retrievalPhase(Path runDir) throws Exception {
    for (JsonNode p : JSON.readTree(runDir.resolve("phases.json").toFile())) {
      if (p.get("scenario").asText().equals("retrieval")) {
        return new Instant[] {Instant.parse(p.get("started_at").asText()), Instant.parse(p.get("ended_at").asText())};
      }
    }
    throw new IllegalStateException("no retrieval phase in " + runDir);
  }

  /** The run's retrieval requests that ended in the window, and both sides' CPU seconds in it. */
  private static Figures figures(Path runDir, Instant start, Instant end) throws Exception {
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
