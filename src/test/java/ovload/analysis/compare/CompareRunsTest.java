package ovload.analysis.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.tools.Ovload;

/**
 * Runs made from the fixed fixture: every request of it repeated with seeded log-normal noise (sigma 0.4), so that
 * two runs from different seeds are an A/A pair, and one with 20 ms added to sdk's retrieval find and
 * search is a real slowdown; plus plans of runs written as request_summary tables.
 */
class CompareRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE = Path.of("src/test/resources/runs/small");
  private static final Set<String> SLOWED = Set.of("find", "search");
  @TempDir Path dir;

  /** copies: how many times each fixture request is repeated (1 = the fixture itself, no noise). */
  private Path run(String name, int copies, long seed, double retrievalDelayMs, boolean newError) throws Exception {
    Path run = Files.createDirectories(dir.resolve(name));
    for (String file : List.of("task_events.jsonl", "phases.json", "run_config.json")) {
      Files.copy(FIXTURE.resolve(file), run.resolve(file));
    }
    Random noise = new Random(seed);
    List<String> lines = new ArrayList<>();
    boolean broke = false;
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      for (int i = 0; i < copies; i++) {
        ObjectNode e = (ObjectNode) JSON.readTree(line);
        double latency = e.get("latency_ms").asDouble() * (copies == 1 ? 1 : Math.exp(0.4 * noise.nextGaussian()));
        if (e.get("adapter").asText().equals("sdk") && e.get("scenario").asText().equals("retrieval")
            && SLOWED.contains(e.get("operation").asText())) {
          latency += retrievalDelayMs;
        }
        e.put("latency_ms", latency);
        if (newError && !broke && e.get("adapter").asText().equals("sdk") && e.get("operation").asText().equals("health")) {
          e.put("success", false);
          e.put("exception_type", "NEW_ERROR");
          broke = true;
        }
        lines.add(JSON.writeValueAsString(e));
      }
    }
    Files.write(run.resolve("request_events.jsonl"), lines);
    PostProcessor.process(run, new ReportOptions(null, false));
    return run;
  }

  private static CompareRuns.Row row(CompareRuns.Comparison c, String adapter, String scenario, String operation) {
    return c.rows().stream().filter(r -> r.adapter().equals(adapter) && r.scenario().equals(scenario)
        && r.operation().equals(operation)).findFirst().orElseThrow();
  }

  @Test
  void identicalSingleRunsAreShownNotJudged() throws Exception {
    Path a = run("a", 1, 0, 0, false);
    Path b = run("b", 1, 0, 0, false);
    assertEquals(0, Ovload.run(new String[] {"compare", a.toString(), b.toString()}));
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    c.rows().forEach(r -> {
      assertEquals(RowTest.NOT_JUDGED, r.verdict(), r.toString());
      RowTest.WithinRuns w = (RowTest.WithinRuns) r.test();
      assertEquals(1.0, w.mannWhitney().p(), r.toString());
      assertEquals(0.0, w.p95Difference().difference(), r.toString());
    });
    assertTrue(Files.readString(b.resolve("comparison.md")).startsWith("# Run comparison: NOT JUDGED (one run a side)"));
  }

  @Test
  void aSlowdownBetweenSingleRunsIsDescribedButNotJudged() throws Exception {
    Path a = run("a", 40, 1, 0, false);
    Path b = run("b", 40, 2, 20, false);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    assertFalse(c.regressed(), "one run a side cannot tell a change from the next run's noise");
    for (String op : SLOWED) {
      CompareRuns.Row r = row(c, "sdk", "retrieval", op);
      assertEquals(RowTest.NOT_JUDGED, r.verdict(), r.toString());
      RowTest.WithinRuns w = (RowTest.WithinRuns) r.test();
      assertEquals(160, w.baselineN());
      assertTrue(w.mannWhitney().p() < 1e-6, r.toString());
      Bootstrap d = w.p95Difference();
      assertTrue(d.low() > 5 && d.low() < 20 && d.high() > 20, "the interval holds the 20 ms and is well above 0: " + d);
    }
    assertEquals(0, Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.startsWith("# Run comparison: NOT JUDGED (one run a side)"), md);
    assertTrue(md.contains("compare plans of runs on both sides"), md);
    assertTrue(md.lines().anyMatch(l -> l.startsWith("| sdk | retrieval | find |") && l.contains("| not judged (within-run p=")),
        md);
    List<String> csv = Files.readAllLines(dir.resolve("cmp/comparison.csv"));
    assertTrue(csv.get(0).startsWith("adapter,scenario,operation,baseline_qps,candidate_qps,qps_ratio"), csv.get(0));
    assertTrue(csv.get(0).endsWith("tested_on,baseline_n,candidate_n,mann_whitney_u,p_within_runs,p95_diff_ms,"
        + "p95_diff_ci95_low_ms,p95_diff_ci95_high_ms,p50_runs_ratio,p50_runs_ratio_ci95_low,p50_runs_ratio_ci95_high,"
        + "p50_welch_t,p50_welch_df,p50_p,p50_p_holm,p95_runs_ratio,p95_runs_ratio_ci95_low,p95_runs_ratio_ci95_high,"
        + "p95_welch_t,p95_welch_df,p95_p,p95_p_holm,new_failure_classes,verdict"), csv.get(0));
    assertEquals(c.rows().size() + 1, csv.size());
    int columns = csv.get(0).split(",").length;
    assertTrue(csv.stream().allMatch(l -> l.split(",", -1).length == columns), "every line has every column");
    // the bootstrap is seeded: the same compare writes the same table
    Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--out", dir.resolve("cmp3").toString()});
    assertEquals(csv, Files.readAllLines(dir.resolve("cmp3/comparison.csv")));
  }

  @Test
  void aNewFailureClassRegressesEvenBetweenSingleRuns() throws Exception {
    Path a = run("a", 1, 0, 0, false);
    Path b = run("b", 1, 0, 20, true);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    CompareRuns.Row find = row(c, "sdk", "retrieval", "find");
    // 4 requests a side, every candidate slower: U = 0 and the exact p is 2/C(8,4) = 2/70 by hand
    RowTest.WithinRuns w = (RowTest.WithinRuns) find.test();
    assertEquals(0.0, w.mannWhitney().u());
    assertEquals(2.0 / 70, w.mannWhitney().p(), 1e-15);
    assertEquals(RowTest.NOT_JUDGED, find.verdict());
    CompareRuns.Row health = row(c, "sdk", "warmup", "health");
    assertEquals(List.of("NEW_ERROR"), new ArrayList<>(health.newFailures()));
    assertEquals("regressed", health.verdict());
    assertEquals(1, Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.startsWith("# Run comparison: REGRESSED"), md);
    assertTrue(md.contains("## New failure classes") && md.contains("`sdk / warmup / health / NEW_ERROR`"), md);
    String html = Files.readString(dir.resolve("cmp/comparison.html"));
    assertEquals(c.rows().stream().filter(r -> r.verdict().equals("regressed")).count(),
        html.split("<tr class=\"failed\">", -1).length - 1L, "the page marks every regressed row and only those");
    assertEquals(2, Ovload.run(new String[] {"compare", a.toString()}));
    assertEquals(2, Ovload.run(new String[] {"compare", a.toString(), dir.resolve("nothing").toString()}));
    assertEquals(2, Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--max-p95-increase-percent", "20"}));
    assertEquals(2, Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--alpha", "2"}));
  }

  /** A plan folder: runs whose request_summary has sdk retrieval find with the given p50s (p95 = 1.5 x p50) and glob 5, 6, ... */
  private Path plan(String name, double... findP50) throws Exception {
    Path plan = Files.createDirectories(dir.resolve(name));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < findP50.length; i++) {
      Path run = Files.createDirectories(plan.resolve(String.format("run-%02d", i + 1)));
      double p95 = 1.5 * findP50[i];
      Files.write(run.resolve("request_summary.csv"), List.of(
          "adapter,scenario,operation,requests,successes,failures,success_rate,qps,avg_ms,p50_ms,p90_ms,p95_ms,p99_ms,max_ms",
          "sdk,retrieval,find,100,100,0,100.0,10.0,5," + findP50[i] + "," + p95 + "," + p95 + "," + (p95 + 1) + ",50",
          "sdk,retrieval,glob,100,100,0,100.0,10.0,5," + (4 + i) + "," + (5 + i) + "," + (5 + i) + "," + (6 + i) + ",50"));
      // as ReportStep writes them, relative to where the plan ran: here only the folder's name is left
      runs.add("\"" + (name.equals("b") ? run.getFileName() : run) + "\"");
    }
    Files.writeString(plan.resolve("aggregate.json"), "{\"runs\": [" + String.join(",", runs) + "], \"rows\": []}");
    return plan;
  }

  @Test
  void plansOfRunsAreJudgedAcrossRuns() throws Exception {
    Path a = plan("a", 30.5, 33.1, 30.3, 33.3);
    Path b = plan("b", 52.9, 50.2, 55.1, 49.8);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    assertTrue(c.acrossRuns());
    CompareRuns.Row find = row(c, "sdk", "retrieval", "find");
    RowTest.AcrossRuns t = (RowTest.AcrossRuns) find.test();
    assertEquals(4, t.baselineN());
    // the p50s are SignificanceTest's scipy case: raw p 8.2066e-06; the p95s are the same runs x 1.5, so the same p;
    // glob's runs are the same on both sides (p = 1): Holm over 4 tests gives 8.2066e-06 x 4 (and x 3, made monotone)
    assertEquals(8.20657021887794e-06, t.p50().p(), 1e-12);
    assertEquals(8.20657021887794e-06 * 4, t.p50().pAdjusted(), 1e-12);
    assertEquals(8.20657021887794e-06 * 4, t.p95().pAdjusted(), 1e-12);
    assertEquals(1.635, t.p50().ratio(), 0.001);
    assertEquals(31.8, find.baseline().get("p50_ms"), "the figure shown is the median of the runs");
    assertEquals("regressed", find.verdict());
    CompareRuns.Row glob = row(c, "sdk", "retrieval", "glob");
    assertEquals("~", glob.verdict());
    assertEquals(1.0, ((RowTest.AcrossRuns) glob.test()).pAdjusted(), 1e-12);
    assertEquals(1, Ovload.run(new String[] {"compare", a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.startsWith("# Run comparison: REGRESSED"), md);
    assertTrue(md.contains("Holm's method over the 4 tests of 2 rows"), md);
    assertTrue(md.lines().anyMatch(l -> l.startsWith("| sdk | retrieval | find |") && l.contains("| x1.64 (1.50 to 1.78) |")
        && l.endsWith("| 4 / 4 | **regressed** (p=3.28e-05) |")), md);
    // a plan against a single run is refused
    Path single = run("single", 1, 0, 0, false);
    assertEquals(2, Ovload.run(new String[] {"compare", a.toString(), single.toString()}));
  }

  /**
   * The procedure's error rates, on plans simulated as this machine's runs behave: each run has a machine
   * state (log-sd 0.08, shared by its rows) and each row's p50 its own noise (log-sd 0.08; the p95 0.15). A/A: of
   * 200 seeded pairs of 8-run plans with 12 rows, at most 7 % show any flagged row (the level is 5 %); A/B with
   * 20 ms added to the four retrieval operations: all four are regressed in at least 90 % of pairs, and another row
   * is flagged in at most 7 %. (Benjamini–Hochberg instead of Holm flagged another row in 18 %; 5 runs a side found
   * all four in 56 %: the advice of 8 runs in docs/gates-and-ci.md comes from here.)
   */
  @Test
  void acrossRunsTheFalseAlarmRateIsBoundedAndARealSlowdownIsFound() {
    Map<String, Double> base = new java.util.LinkedHashMap<>();
    for (String op : List.of("find", "search", "grep", "glob")) {
      base.put("retrieval\n" + op, Map.of("find", 30.0, "search", 60.0, "grep", 10.0, "glob", 9.0).get(op));
    }
    for (String op : List.of("add_message", "add_resource", "commit_session", "get_task", "observer_queue", "system_status",
        "find", "search")) {
      base.put("mixed\n" + op, 5.0 + 3 * base.size());
    }
    Random random = new Random(11);
    int aaAlarms = 0;
    int abFound = 0;
    int abOthers = 0;
    int pairs = 200;
    for (int i = 0; i < pairs; i++) {
      RunSide x = simulatedPlan(base, 0, random);
      CompareRuns.Comparison aa = CompareRuns.compare(x, simulatedPlan(base, 0, random), Thresholds.DEFAULTS);
      aaAlarms += aa.rows().stream().anyMatch(r -> !r.verdict().equals("~")) ? 1 : 0;
      CompareRuns.Comparison ab = CompareRuns.compare(x, simulatedPlan(base, 20, random), Thresholds.DEFAULTS);
      abFound += ab.rows().stream().filter(r -> r.scenario().equals("retrieval")).allMatch(r -> r.verdict().equals("regressed")) ? 1 : 0;
      abOthers += ab.rows().stream().anyMatch(r -> !r.scenario().equals("retrieval") && !r.verdict().equals("~")) ? 1 : 0;
    }
    System.out.printf("simulated compares of 8-run plans: A/A %d of %d flagged; A/B all retrieval regressed in %d, another row flagged in %d%n",
        aaAlarms, pairs, abFound, abOthers);
    assertTrue(aaAlarms <= 0.07 * pairs, "A/A pairs with a regressed row: " + aaAlarms);
    assertTrue(abFound >= 0.90 * pairs, "A/B pairs with every retrieval row regressed: " + abFound);
    assertTrue(abOthers <= 0.07 * pairs, "A/B pairs with another row flagged: " + abOthers);
  }

  private static RunSide simulatedPlan(Map<String, Double> base, double retrievalDelayMs, Random random) {
    int runs = 8;
    Map<String, double[]> p50s = new java.util.TreeMap<>();
    Map<String, double[]> p95s = new java.util.TreeMap<>();
    double[] machine = new double[runs];
    for (int r = 0; r < runs; r++) {
      machine[r] = Math.exp(0.08 * random.nextGaussian());
    }
    Map<String, Map<String, Double>> summary = new java.util.TreeMap<>();
    base.forEach((row, p50) -> {
      String key = "sdk\n" + row;
      double delay = row.startsWith("retrieval") ? retrievalDelayMs : 0;
      double[] a = new double[runs];
      double[] b = new double[runs];
      for (int r = 0; r < runs; r++) {
        a[r] = p50 * machine[r] * Math.exp(0.08 * random.nextGaussian()) + delay;
        b[r] = 1.5 * p50 * machine[r] * Math.exp(0.15 * random.nextGaussian()) + delay;
      }
      p50s.put(key, a);
      p95s.put(key, b);
      summary.put(key, Map.of("p50_ms", a[0], "p95_ms", b[0]));
    });
    return new RunSide(Path.of("plan"), true, runs, summary, Map.of(), p50s, p95s, Set.of());
  }

  @Test
  void modelModesRankOperationsByTheirP95Ratio() throws Exception {
    Path instant = run("instant", 1, 0, 0, false);
    Path realistic = run("realistic", 1, 0, 0, false);
    // sdk find 1.5x slower: partly model-bound; the rest unchanged
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(realistic.resolve("request_events.jsonl"))) {
      ObjectNode e = (ObjectNode) JSON.readTree(line);
      if (e.get("adapter").asText().equals("sdk") && e.get("operation").asText().equals("find")) {
        e.put("latency_ms", e.get("latency_ms").asDouble() * 1.5);
      }
      lines.add(JSON.writeValueAsString(e));
    }
    Files.write(realistic.resolve("request_events.jsonl"), lines);
    PostProcessor.process(realistic, new ReportOptions(null, false));
    ModelBound.write(CompareRuns.compare(instant, realistic, Thresholds.DEFAULTS), instant, realistic, "instant", "realistic", dir);
    List<String> md = Files.readAllLines(dir.resolve(ModelBound.FILE));
    String first = md.stream().filter(l -> l.startsWith("| sdk") || l.startsWith("| cli")).findFirst().orElseThrow();
    assertTrue(first.startsWith("| sdk | find |") && first.contains("| 1.50 |") && first.endsWith("| partly model-bound |"), first);
    assertTrue(md.stream().filter(l -> l.startsWith("| cli-http")).allMatch(l -> l.contains("| 1.00 |") && l.endsWith("not model-bound |")), md.toString());
    // the task records are the same in both runs: their server durations did not change
    assertTrue(md.stream().anyMatch(l -> l.startsWith("| sdk | add_resource | ") && l.endsWith("| 1.00 | not model-bound |")),
        md.toString());
    assertTrue(Files.readString(dir.resolve("model_modes.html")).contains("<title>Which operations wait on the model: instant against realistic</title>"));
    assertEquals("model-bound", ModelBound.verdict(2.0));
    assertEquals("partly model-bound", ModelBound.verdict(1.25));
    assertEquals("not model-bound", ModelBound.verdict(1.2499));
  }
}
