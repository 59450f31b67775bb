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
import ovload.recording.JvmCpu;

/**
 * What the breakdown costs the sdk path: the retrieval phase against the instant embedded stand-in,
 * telemetry off and on, each as {@code mvn gatling:test} runs it, in one invocation. Prints requests
 * per second, the load generator's and the stand-in's CPU per request of each run (from /proc, the
 * JIT compiler's threads apart), and the on/off ratios; the target is within 5 %.
 * X-Process-Time is read in both (it is part of every event).
 *
 * <p>Fair on a shared machine: the off and the on run go at the same time, each with its own
 * stand-in, and are measured over the same window (the overlap of their retrieval phases), so that
 * whatever else the machine does at that moment weighs on both alike; which one starts first
 * alternates. The first {@code settle} seconds of the retrieval phases are left out, and the JIT
 * compiler's threads count apart: on a busy machine all four JVMs are still compiling well into the
 * phase, a one-off cost as large as the requests' that differs with the code path. A benchmark, not a
 * test: {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
 * ovload.simulation.BreakdownBenchmark [phase seconds] [search concurrency] [repetitions] [settle seconds]}.
 */
public final class BreakdownBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** CPU seconds leave out the JIT compiler's threads, which are still busy then, and are given apart. */
  private record Figures(long requests, double seconds, double generatorCpu, double standinCpu, double jitCpu) {
    double perSecond() {
      return requests / seconds;
    }

    double[] values() {
      return new double[] {perSecond(), generatorCpu * 1000 / requests, standinCpu * 1000 / requests};
    }
  }

  /** A run's CPU nanoseconds over time, sampled 4 times a second: generator and stand-in, each all and the JIT's. */
  private static final class CpuTrace {
    private record Sample(Instant at, long[] values) {}

    private final Process generator;
    private final Map<Long, Long> generatorJit = new java.util.HashMap<>();
    private final Map<Long, Long> standinJit = new java.util.HashMap<>();
    private final List<Sample> samples = new java.util.concurrent.CopyOnWriteArrayList<>();

    CpuTrace(Process generator) {
      this.generator = generator;
    }

    void sample() {
      if (!generator.isAlive()) {
        return;
      }
      long[] gen = JvmCpu.of(generator.pid(), generatorJit);
      long[] standin = {0, 0};
      for (ProcessHandle child : generator.descendants().toList()) {
        long[] c = JvmCpu.of(child.pid(), standinJit);
        standin[0] += c[0];
        standin[1] += c[1];
      }
      samples.add(new Sample(Instant.now(), new long[] {gen[0] - gen[1], standin[0] - standin[1], gen[1] + standin[1]}));
    }

    /** {generator without JIT, stand-in without JIT, JIT of both} in seconds between the two instants, interpolated. */
    double[] between(Instant from, Instant to) {
      double[] a = at(from);
      double[] b = at(to);
      return new double[] {(b[0] - a[0]) / 1e9, (b[1] - a[1]) / 1e9, (b[2] - a[2]) / 1e9};
    }

    private double[] at(Instant t) {
      for (int i = 1; i < samples.size(); i++) {
        Sample s0 = samples.get(i - 1);
        Sample s1 = samples.get(i);
        if (!s1.at().isBefore(t)) {
          double span = Duration.between(s0.at(), s1.at()).toNanos();
          double f = span <= 0 ? 1 : Math.max(0, Duration.between(s0.at(), t).toNanos() / span);
          double[] v = new double[3];
          for (int k = 0; k < 3; k++) {
            v[k] = s0.values()[k] + f * (s1.values()[k] - s0.values()[k]);
          }
          return v;
        }
      }
      throw new IllegalStateException("no CPU sample around " + t);
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
      Map<Boolean, CpuTrace> traces = new LinkedHashMap<>();
      runs.forEach((telemetry, run) -> traces.put(telemetry, new CpuTrace(run.process())));
      java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(() -> traces.values().forEach(CpuTrace::sample), 0, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
      for (GatlingFork.Started run : runs.values()) {
        GatlingFork.Result result = run.await(600);
        if (result.exitCode() != 0 && result.exitCode() != 2) { // 2: latency gates, not our concern here
          throw new IllegalStateException("run failed (" + result.exitCode() + "): " + result.output());
        }
      }
      sampler.shutdownNow();
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
      Figures off = figures(offRun, traces.get(false), from, to);
      Figures on = figures(onRun, traces.get(true), from, to);
      for (boolean telemetry : List.of(false, true)) {
        Figures f = telemetry ? on : off;
        double[] v = f.values();
        System.out.printf("rep %d telemetry %-3s: %5d requests in %.2f s = %7.1f req/s; CPU per request: generator %.3f ms,"
                + " stand-in %.3f ms (JIT of both besides: %.3f ms)%n", rep, telemetry ? "on" : "off", f.requests(), f.seconds(),
            v[0], v[1], v[2], f.jitCpu() * 1000 / f.requests());
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

  /** The run's retrieval requests that ended in the window, and both sides' CPU seconds in it (from /proc). */
  private static Figures figures(Path runDir, CpuTrace trace, Instant start, Instant end) throws Exception {
    long requests = 0;
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      if (line.contains("\"scenario\":\"retrieval\"")) {
        Instant ended = Instant.parse(JSON.readTree(line).get("ended_at").asText());
        if (ended.isAfter(start) && !ended.isAfter(end)) {
          requests++;
        }
      }
    }
    double[] cpu = trace.between(start, end);
    return new Figures(requests, Duration.between(start, end).toNanos() / 1e9, cpu[0], cpu[1], cpu[2]);
  }
}
