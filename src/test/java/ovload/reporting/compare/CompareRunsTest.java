package ovload.reporting.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.reporting.PostProcessor;
import ovload.reporting.ReportOptions;

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
  void identicalRunsAreUnchanged() throws Exception {
    Path a = run("a", 1, 0, 0, false);
    Path b = run("b", 1, 0, 0, false);
    assertEquals(0, CompareRuns.run(new String[] {a.toString(), b.toString()}));
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    c.rows().forEach(r -> {
      assertEquals("~", r.verdict(), r.toString());
      assertEquals(1.0, r.test().pHolm(), r.toString());
      assertEquals(0.0, r.test().difference().difference(), r.toString());
      if (r.ratio("p95_ms") != null) {
        assertEquals(1.0, r.ratio("p95_ms"), 1e-12);
      }
    });
    assertTrue(Files.readString(b.resolve("comparison.md")).startsWith("# Run comparison: OK"));
  }

  @Test
  void twoNoisyRunsOfTheSameSystemAreNotARegression() throws Exception {
    Path a = run("a", 40, 1, 0, false);
    Path b = run("b", 40, 2, 0, false);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    assertTrue(c.rows().stream().allMatch(r -> r.verdict().equals("~")), c.rows().toString());
    assertTrue(c.rows().stream().anyMatch(r -> r.ratio("p95_ms") > 1.10),
        "the noise raises some p95s past 10 % (a bare ratio would cry wolf): the verdict is the test's");
    assertEquals(0, CompareRuns.run(new String[] {a.toString(), b.toString()}));
  }

  @Test
  void aRealRetrievalSlowdownIsRegressedAndTheRestIsUnchanged() throws Exception {
    Path a = run("a", 40, 1, 0, false);
    Path b = run("b", 40, 2, 20, false);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    assertTrue(c.regressed());
    for (String op : SLOWED) {
      CompareRuns.Row r = row(c, "sdk", "retrieval", op);
      assertEquals("regressed", r.verdict(), r.toString());
      assertEquals(160, r.test().baselineN());
      assertTrue(r.test().pHolm() < 1e-6, r.toString());
      assertTrue(r.test().difference().low() > 5 && r.test().difference().low() < 20 && r.test().difference().high() > 20,
          "the interval holds the 20 ms and is well above 0: " + r.test());
    }
    c.rows().stream().filter(r -> !SLOWED.contains(r.operation()) || !r.adapter().equals("sdk"))
        .forEach(r -> assertEquals("~", r.verdict(), r.toString()));
    assertEquals(1, CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.startsWith("# Run comparison: REGRESSED"), md);
    assertTrue(md.contains("Holm's method over " + c.rows().size() + " rows"), md);
    assertTrue(md.lines().anyMatch(l -> l.startsWith("| sdk | retrieval | find |") && l.contains("**regressed** (p=")), md);
    assertTrue(md.lines().anyMatch(l -> l.startsWith("| sdk | retrieval | glob |") && l.contains("| ~ (p=")), md);
    List<String> csv = Files.readAllLines(dir.resolve("cmp/comparison.csv"));
    assertTrue(csv.get(0).startsWith("adapter,scenario,operation,baseline_qps,candidate_qps,qps_ratio"), csv.get(0));
    assertTrue(csv.get(0).endsWith("tested_on,baseline_n,candidate_n,mann_whitney_u,p_value,p_holm,p95_diff_ms,"
        + "p95_diff_ci95_low_ms,p95_diff_ci95_high_ms,new_failure_classes,verdict"), csv.get(0));
    assertEquals(c.rows().size() + 1, csv.size());
    // a minimum effect above the slowdown turns it into "~"
    assertEquals(0, CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp2").toString(),
        "--min-effect-ms", "60"}));
    // the bootstrap is seeded: the same compare writes the same table
    CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp3").toString()});
    assertEquals(csv, Files.readAllLines(dir.resolve("cmp3/comparison.csv")));
  }

  @Test
  void fourRequestsAreTooFewAndANewFailureClassStillRegresses() throws Exception {
    Path a = run("a", 1, 0, 0, false);
    Path b = run("b", 1, 0, 20, true);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    CompareRuns.Row find = row(c, "sdk", "retrieval", "find");
    // 4 requests a side, every candidate slower: U = 0 and the exact p is 2/C(8,4) = 2/70 by hand, too
    // weak once corrected over every row
    assertEquals(0.0, find.test().mannWhitney().u());
    assertEquals(2.0 / 70, find.test().mannWhitney().p(), 1e-15);
    assertEquals("~", find.verdict());
    CompareRuns.Row health = row(c, "sdk", "warmup", "health");
    assertEquals(List.of("NEW_ERROR"), new ArrayList<>(health.newFailures()));
    assertEquals("regressed", health.verdict());
    assertEquals(1, CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.contains("## New failure classes") && md.contains("`sdk / warmup / health / NEW_ERROR`"), md);
    String html = Files.readString(dir.resolve("cmp/comparison.html"));
    assertEquals(c.rows().stream().filter(r -> r.verdict().equals("regressed")).count(),
        html.split("<tr class=\"failed\">", -1).length - 1L, "the page marks every regressed row and only those");
    assertEquals(2, CompareRuns.run(new String[] {a.toString()}));
    assertEquals(2, CompareRuns.run(new String[] {a.toString(), dir.resolve("nothing").toString()}));
    assertEquals(2, CompareRuns.run(new String[] {a.toString(), b.toString(), "--max-p95-increase-percent", "20"}));
    assertEquals(2, CompareRuns.run(new String[] {a.toString(), b.toString(), "--alpha", "2"}));
  }

  /** A plan folder: runs whose request_summary has sdk retrieval find with the given p95s, glob 5, 6, ... on both sides. */
  private Path plan(String name, double... findP95) throws Exception {
    Path plan = Files.createDirectories(dir.resolve(name));
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < findP95.length; i++) {
      Path run = Files.createDirectories(plan.resolve(String.format("run-%02d", i + 1)));
      Files.write(run.resolve("request_summary.csv"), List.of(
          "adapter,scenario,operation,requests,successes,failures,success_rate,qps,avg_ms,p50_ms,p90_ms,p95_ms,p99_ms,max_ms",
          "sdk,retrieval,find,100,100,0,100.0,10.0,5,4," + findP95[i] + "," + findP95[i] + "," + (findP95[i] + 1) + ",50",
          "sdk,retrieval,glob,100,100,0,100.0,10.0,5,4," + (5 + i) + "," + (5 + i) + "," + (6 + i) + ",50"));
      // as ReportStep writes them, relative to where the plan ran: here only the folder's name is left
      runs.add("\"" + (name.equals("b") ? run.getFileName() : run) + "\"");
    }
    Files.writeString(plan.resolve("aggregate.json"), "{\"runs\": [" + String.join(",", runs) + "], \"rows\": []}");
    return plan;
  }

  @Test
  void plansOfRunsAreTestedAcrossRuns() throws Exception {
    Path a = plan("a", 10, 11, 12, 13, 14, 15, 16, 17);
    Path b = plan("b", 30, 31, 32, 33, 34, 35, 36, 37);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, Thresholds.DEFAULTS);
    assertTrue(c.acrossRuns());
    CompareRuns.Row find = row(c, "sdk", "retrieval", "find");
    // by hand: each candidate run's p95 is above every baseline run's: U = 0, exact p = 2/C(16,8) = 2/12870;
    // Holm over two rows doubles it; the figure is the median of the runs' p95s: 13.5 -> 33.5
    assertEquals(8, find.test().baselineN());
    assertEquals(0.0, find.test().mannWhitney().u());
    assertEquals(2.0 / 12870, find.test().mannWhitney().p(), 1e-15);
    assertEquals(4.0 / 12870, find.test().pHolm(), 1e-15);
    assertEquals(13.5, find.baseline().get("p95_ms"));
    assertEquals(20.0, find.test().difference().difference(), 1e-12);
    assertEquals("regressed", find.verdict());
    assertEquals("~", row(c, "sdk", "retrieval", "glob").verdict());
    assertEquals(1.0, row(c, "sdk", "retrieval", "glob").test().mannWhitney().p(), 1e-12);

    // three runs a side can never reach 0.05: said in the report
    Path small = plan("small", 10, 11, 12);
    Path slow = plan("slow", 30, 31, 32);
    assertEquals(0, CompareRuns.run(new String[] {small.toString(), slow.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.contains("the smallest possible p is 0.100 before correction: too few runs"), md);
    // a plan against a single run is refused
    Path single = run("single", 1, 0, 0, false);
    assertEquals(2, CompareRuns.run(new String[] {a.toString(), single.toString()}));
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
