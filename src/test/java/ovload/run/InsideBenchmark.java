package ovload.run;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * What looking inside the server costs the load generator: runs of the sdk adapter against the
 * embedded stand-in with the server's metrics scraped and its phases profiled (JFR), and the same
 * with both off, each with the same retrieval window, in pairs whose order alternates (on-off,
 * off-on, ...: a drift of the machine within a pair then falls on both settings). Prints each pair's
 * retrieval throughput (all operations) and find p95 on and off and its on/off ratio, then the
 * median ratio, a 95 % interval and a {@link Verdict}. A benchmark, not a test:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
 * ovload.run.InsideBenchmark [phase seconds] [pairs] [band %] [all|metrics|profile]}; the last
 * argument toggles one part alone (the other off in both runs of a pair) to tell their costs apart.
 */
public final class InsideBenchmark {
  private InsideBenchmark() {}

  record Figures(double qps, double p95Ms, long requests) {}

  /**
   * What the pairs' on/off throughput ratios show about a loss: their median, and the geometric mean
   * with a 95 % Student's t interval over the pairs' log ratios (each pair one sample, so the machine's
   * drift between pairs is not counted as noise, only what differs within a pair). "No loss shown
   * within ±band" only when the whole interval lies inside {@code 1 ± band}; a loss when it lies wholly
   * below {@code 1 - band}; else inconclusive, saying whether the noise (the interval's half-width) is
   * wider than the band or the interval merely reaches past it.
   */
  record Verdict(double median, double estimate, double low, double high, double band, String conclusion) {
    static Verdict of(List<Double> ratios, double band) {
      int n = ratios.size();
      if (n < 2) {
        throw new IllegalArgumentException("an interval needs two pairs or more, got " + n);
      }
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
      double[] logs = ratios.stream().mapToDouble(Math::log).toArray();
      double mean = java.util.Arrays.stream(logs).average().orElseThrow();
      double squares = 0;
      for (double x : logs) {
        squares += (x - mean) * (x - mean);
      }
      double half = TDistribution.of(n - 1).inverseSurvivalProbability(0.025) * Math.sqrt(squares / (n - 1) / n);
      double low = Math.exp(mean - half);
      double high = Math.exp(mean + half);
      double noise = (high - low) / 2;
      String conclusion;
      if (low >= 1 - band && high <= 1 + band) {
        conclusion = String.format(Locale.ROOT, "no loss shown within ±%s %%", pct(band));
      } else if (high < 1 - band) {
        conclusion = String.format(Locale.ROOT, "a loss: throughput %+.1f %% with the inside view on, more than the ±%s %% asked about",
            (Math.exp(mean) - 1) * 100, pct(band));
      } else if (noise > band) {
        conclusion = String.format(Locale.ROOT, "inconclusive: the machine's noise (±%s %%) is larger than the effect asked about (±%s %%)",
            pct(noise), pct(band));
      } else {
        conclusion = String.format(Locale.ROOT, "inconclusive: the interval (%+.1f to %+.1f %%) reaches past ±%s %%; more pairs would tell",
            (low - 1) * 100, (high - 1) * 100, pct(band));
      }
      return new Verdict(median, Math.exp(mean), low, high, band, conclusion);
    }

    private static String pct(double fraction) {
      return String.format(Locale.ROOT, "%.1f", fraction * 100);
    }
  }

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    double band = (args.length > 2 ? Double.parseDouble(args[2]) : 5) / 100;
    String part = args.length > 3 ? args[3] : "all";
    if (!List.of("all", "metrics", "profile").contains(part)) {
      throw new IllegalArgumentException("the fourth argument is all, metrics or profile, not " + part);
    }
    Path base = Files.createDirectories(Path.of("target/benchmarks")).resolve("inside-" + System.nanoTime()).toAbsolutePath();
    List<Double> ratios = new ArrayList<>();
    for (int pair = 1; pair <= pairs; pair++) {
      boolean onFirst = pair % 2 == 1;
      Figures first = run(base.resolve(pair + (onFirst ? "-on" : "-off")), phaseSeconds, part, onFirst);
      Figures second = run(base.resolve(pair + (onFirst ? "-off" : "-on")), phaseSeconds, part, !onFirst);
      Figures on = onFirst ? first : second;
      Figures off = onFirst ? second : first;
      ratios.add(on.qps() / off.qps());
      System.out.printf(Locale.ROOT, "pair %d (%s first): on %.1f req/s (find p95 %.1f ms, %d requests), off %.1f req/s "
          + "(find p95 %.1f ms, %d requests): on/off %.3f%n", pair, onFirst ? "on" : "off", on.qps(), on.p95Ms(), on.requests(),
          off.qps(), off.p95Ms(), off.requests(), on.qps() / off.qps());
    }
    Verdict v = Verdict.of(ratios, band);
    System.out.printf(Locale.ROOT, "retrieval throughput on/off (%s) over %d pairs: median %.3f, geometric mean %.3f, 95 %% interval %.3f to %.3f (%s)%n",
        part, pairs, v.median(), v.estimate(), v.low(), v.high(), base);
    System.out.println("conclusion: " + v.conclusion());
  }

  /** One run with the inside view's {@code part} on or off; a part not benchmarked is off. */
  private static Figures run(Path work, double phaseSeconds, String part, boolean on) throws Exception {
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
    options.put("mixedSeconds", "2");
    if (!on || part.equals("profile")) {
      options.put("serverMetricsUrl", "off");
    }
    if (!on || part.equals("metrics")) {
      options.put("profileServer", "off");
    }
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 900);
    if (!GatlingFork.passedOrFailedGatesOnly(result)) {
      throw new IllegalStateException("the run failed: " + result.output());
    }
    double qps = 0;
    double findP95 = Double.NaN;
    long requests = 0;
    try (Reader in = Files.newBufferedReader(work.resolve("run/request_summary.csv"))) {
      for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
        if (r.get("adapter").equals("sdk") && r.get("scenario").equals("retrieval")) {
          qps += Double.parseDouble(r.get("qps"));
          requests += Long.parseLong(r.get("requests"));
          if (r.get("operation").equals("find")) {
            findP95 = Double.parseDouble(r.get("p95_ms"));
          }
        }
      }
    }
    if (requests == 0) {
      throw new IllegalStateException("no sdk retrieval rows in " + work);
    }
    return new Figures(qps, findP95, requests);
  }
}
