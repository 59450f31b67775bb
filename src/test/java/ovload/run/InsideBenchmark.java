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

/**
 * What looking inside the server costs the load generator: runs of the sdk adapter against the
 * embedded stand-in with the server's metrics scraped and its phases profiled (JFR), and the same
 * with both off, in alternation (on, off, on, off, ...: the machine's drift falls on both), each
 * with the same retrieval window. Prints each run's retrieval requests per second (all operations) and find's p95, and the
 * on/off throughput ratio of each pair and its mean. A benchmark, not a test:
 * {@code mvn -q test-compile && java -cp target/classes:target/test-classes:$(cat target/ov.classpath)
 * ovload.run.InsideBenchmark [phase seconds] [pairs]}.
 */
public final class InsideBenchmark {
  private InsideBenchmark() {}

  record Figures(double qps, double p95Ms, long requests) {}

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 20;
    int pairs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path base = Files.createDirectories(Path.of("target/benchmarks")).resolve("inside-" + System.nanoTime()).toAbsolutePath();
    List<Double> ratios = new ArrayList<>();
    for (int pair = 1; pair <= pairs; pair++) {
      Figures on = run(base.resolve("on-" + pair), phaseSeconds, true);
      Figures off = run(base.resolve("off-" + pair), phaseSeconds, false);
      ratios.add(on.qps() / off.qps());
      System.out.printf(Locale.ROOT, "pair %d: on %.1f req/s (p95 %.1f ms, %d requests), off %.1f req/s (p95 %.1f ms, %d requests): "
          + "on/off %.3f%n", pair, on.qps(), on.p95Ms(), on.requests(), off.qps(), off.p95Ms(), off.requests(), on.qps() / off.qps());
    }
    double mean = ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double sd = Math.sqrt(ratios.stream().mapToDouble(r -> (r - mean) * (r - mean)).sum() / Math.max(1, ratios.size() - 1));
    System.out.printf(Locale.ROOT, "retrieval throughput on/off: mean %.3f, sd %.3f over %d pairs (%s)%n", mean, sd, pairs, base);
  }

  private static Figures run(Path work, double phaseSeconds, boolean inside) throws Exception {
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
    options.put("mixedSeconds", "2");
    if (!inside) {
      options.put("serverMetricsUrl", "off");
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
