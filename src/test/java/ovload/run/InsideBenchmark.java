package ovload.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.stats.RatioInterval;
import ovload.support.Json;

/**
 * What looking inside the server costs the load generator: sdk runs with the server's metrics scraped
 * and its phases profiled, and the same with them off, against ONE warm instant stand-in shared by
 * every run (a fresh stand-in's throughput varies about 2× from JVM to JVM, which swamps a cost of a
 * few percent). The stand-in runs in a JVM of its own that records stack samples from its launch, as
 * the embedded default's does, so the server pays the same sampling on both sides; "profile on" is the
 * run's external-profiler path ({@code -DprofileServer=command}, {@link JfrPhaseCommand} attached at
 * each phase's start and stopped at its end, as py-spy would be), "metrics on" the scrape of the
 * stand-in's {@code /metrics}, "off" {@code -DserverMetricsUrl=off} / {@code -DprofileServer=off}.
 * After discarded runs that warm the stand-in, pairs in ABBA order (on-off, off-on, ...: a linear drift
 * of the machine or the stand-in falls equally on both settings). Each run clears and seeds its own
 * data root before its retrieval phase, so every retrieval phase sees the same documents. Prints each
 * pair's retrieval throughput (all operations, the same window), the generator's CPU per request over
 * that window ({@code resources.csv}, JIT included) and the on/off ratio, then the ratios' {@link
 * Verdict}. A benchmark, not a test: {@code mvn -q test-compile && java -cp
 * target/test-classes:target/classes:$(cat target/ov.classpath) ovload.run.InsideBenchmark [phase
 * seconds] [pairs] [band %] [all|metrics|profile] [discarded runs]}; the fourth argument toggles one
 * part alone (the other off in both runs of a pair) to tell their costs apart.
 */
public final class InsideBenchmark {
  /**
   * Another profiler command for "profile on" ({@code -Dinside.profilerCommand="sleep 600"}: the run's
   * profiler path with a command that does nothing, to tell its cost from the command's).
   */
  static final String PROFILER_COMMAND = "inside.profilerCommand";

  private InsideBenchmark() {}

  /** One run's retrieval phase: requests a second, the generator's CPU ms per request, find p95, requests. */
  record Figures(double qps, double cpuMsPerRequest, double p95Ms, long requests) {}

  /**
   * What the pairs' on/off throughput ratios show about a loss: their median and {@link RatioInterval}.
   * "No loss shown within ±band" only when the whole interval lies inside {@code 1 ± band}; a loss when
   * it lies wholly below {@code 1 - band}; else inconclusive, saying whether the noise (the interval's
   * half-width) is wider than the band or the interval merely reaches past it.
   */
  record Verdict(double median, RatioInterval interval, double band, String conclusion) {
    static Verdict of(List<Double> ratios, double band) {
      RatioInterval r = RatioInterval.of(ratios, "pairs");
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      int n = sorted.length;
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      double noise = (r.high() - r.low()) / 2;
      String conclusion;
      if (r.within(band)) {
        conclusion = String.format(Locale.ROOT, "no loss shown within ±%s %%", pct(band));
      } else if (r.high() < 1 - band) {
        conclusion = String.format(Locale.ROOT, "a loss: throughput %+.1f %% with the inside view on, more than the ±%s %% asked about",
            (r.estimate() - 1) * 100, pct(band));
      } else if (noise > band) {
        conclusion = String.format(Locale.ROOT, "inconclusive: the machine's noise (±%s %%) is larger than the effect asked about (±%s %%)",
            pct(noise), pct(band));
      } else {
        conclusion = String.format(Locale.ROOT, "inconclusive: the interval (%+.1f to %+.1f %%) reaches past ±%s %%; more pairs would tell",
            (r.low() - 1) * 100, (r.high() - 1) * 100, pct(band));
      }
      return new Verdict(median, r, band, conclusion);
    }

    private static String pct(double fraction) {
      return String.format(Locale.ROOT, "%.1f", fraction * 100);
    }
  }

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    double band = (args.length > 2 ? Double.parseDouble(args[2]) : 5) / 100;
    String part = args.length > 3 ? args[3] : "all";
    int discard = args.length > 4 ? Integer.parseInt(args[4]) : 2;
    if (!List.of("all", "metrics", "profile").contains(part)) {
      throw new IllegalArgumentException("the fourth argument is all, metrics or profile, not " + part);
    }
    Path base = Files.createDirectories(Path.of("target/benchmarks").resolve("inside-" + System.nanoTime()).toAbsolutePath());
    StandInConfig config = StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT);
    try (StandInProcess standin = StandInProcess.start(config, true, true, 120)) {
      System.out.printf(Locale.ROOT, "stand-in %s (pid %d), shared by every run; results in %s%n", standin.baseUrl(), standin.pid(), base);
      for (int i = 1; i <= discard; i++) {
        Figures f = run(base.resolve("discard-" + i), phaseSeconds, part, i % 2 == 1, standin);
        System.out.printf(Locale.ROOT, "discarded run %d: %.1f req/s%n", i, f.qps());
      }
      List<Double> ratios = new ArrayList<>();
      List<Double> cpuRatios = new ArrayList<>();
      for (int pair = 1; pair <= pairs; pair++) {
        boolean onFirst = pair % 2 == 1;
        String load = load();
        Figures first = run(base.resolve(pair + (onFirst ? "-on" : "-off")), phaseSeconds, part, onFirst, standin);
        Figures second = run(base.resolve(pair + (onFirst ? "-off" : "-on")), phaseSeconds, part, !onFirst, standin);
        Figures on = onFirst ? first : second;
        Figures off = onFirst ? second : first;
        ratios.add(on.qps() / off.qps());
        cpuRatios.add(on.cpuMsPerRequest() / off.cpuMsPerRequest());
        System.out.printf(Locale.ROOT, "pair %d (%s first, load %s): on %.1f req/s %.4f ms CPU/req (find p95 %.1f ms, %d requests), "
            + "off %.1f req/s %.4f ms CPU/req (find p95 %.1f ms, %d requests): on/off %.3f%n", pair, onFirst ? "on" : "off", load,
            on.qps(), on.cpuMsPerRequest(), on.p95Ms(), on.requests(), off.qps(), off.cpuMsPerRequest(), off.p95Ms(), off.requests(),
            on.qps() / off.qps());
      }
      Verdict v = Verdict.of(ratios, band);
      System.out.printf(Locale.ROOT, "retrieval throughput on/off (%s) over %d pairs: median %.3f, %s; load now %s%n",
          part, pairs, v.median(), v.interval().describe(), load());
      System.out.println("generator CPU per request on/off: " + RatioInterval.of(cpuRatios, "pairs").describe());
      System.out.println("conclusion: " + v.conclusion());
    }
  }

  /** One run against the shared stand-in with the inside view's {@code part} on or off; a part not benchmarked is off. */
  private static Figures run(Path work, double phaseSeconds, String part, boolean on, StandInProcess standin) throws Exception {
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
    options.remove("modelMode");
    options.remove("localDataDir");
    options.put("mixedSeconds", "2");
    options.put("serverUrl", standin.baseUrl());
    options.put("targetPid", Long.toString(standin.pid()));
    if (!on || part.equals("profile")) {
      options.put("serverMetricsUrl", "off");
    }
    if (!on || part.equals("metrics")) {
      options.put("profileServer", "off");
    } else {
      options.put("profileServer", "command");
      // the class path in an argument file: the run's notes quote the command
      Path args = work.getParent().resolve("profiler.args");
      Files.writeString(args, "-cp\n" + System.getProperty("java.class.path") + "\n");
      options.put("profileServerCommand", System.getProperty(PROFILER_COMMAND, String.join(" ",
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "@" + args,
          JfrPhaseCommand.class.getName(), "{pid}", "{collapsed}")));
    }
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 900);
    if (!GatlingFork.passedOrFailedGatesOnly(result)) {
      throw new IllegalStateException("the run failed: " + result.output());
    }
    return figures(work.resolve("run"), Runtime.getRuntime().availableProcessors());
  }

  /**
   * The retrieval phase's figures of a run folder: throughput and find p95 from {@code request_summary.csv}; CPU per
   * request from the {@code resources.csv} samples wholly inside the phase ({@code phases.json}), each the generator's
   * share of {@code cores} over the span since the sample before, against the requests of the spans they cover.
   */
  static Figures figures(Path run, int cores) throws Exception {
    double qps = 0;
    double findP95 = Double.NaN;
    long requests = 0;
    for (CSVRecord r : csv(run.resolve("request_summary.csv"))) {
      if (r.get("adapter").equals("sdk") && r.get("scenario").equals("retrieval")) {
        qps += Double.parseDouble(r.get("qps"));
        requests += Long.parseLong(r.get("requests"));
        if (r.get("operation").equals("find")) {
          findP95 = Double.parseDouble(r.get("p95_ms"));
        }
      }
    }
    if (requests == 0) {
      throw new IllegalStateException("no sdk retrieval rows in " + run);
    }
    Instant from = null;
    Instant to = null;
    for (JsonNode phase : Json.MAPPER.readTree(run.resolve("phases.json").toFile())) {
      if (phase.get("scenario").asText().equals("retrieval")) {
        from = Instant.parse(phase.get("started_at").asText());
        to = Instant.parse(phase.get("ended_at").asText());
      }
    }
    double cpuSeconds = 0;
    double covered = 0;
    double previous = Double.NaN;
    for (CSVRecord r : csv(run.resolve("resources.csv"))) {
      double elapsed = Double.parseDouble(r.get("elapsed_sec"));
      double span = elapsed - previous;
      Instant at = Instant.parse(r.get("timestamp"));
      if (!Double.isNaN(span) && !at.minusMillis(Math.round(span * 1000)).isBefore(from) && !at.isAfter(to)) {
        cpuSeconds += Double.parseDouble(r.get("gen_cpu_percent")) / 100 * cores * span;
        covered += span;
      }
      previous = elapsed;
    }
    if (covered == 0) {
      throw new IllegalStateException("no resources.csv sample within the retrieval phase of " + run);
    }
    return new Figures(qps, cpuSeconds * 1000 / (qps * covered), findP95, requests);
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader in = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in).getRecords();
    }
  }

  private static String load() throws Exception {
    String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return f[0] + " " + f[1] + " " + f[2];
  }
}
