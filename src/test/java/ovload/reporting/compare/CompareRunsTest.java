package ovload.reporting.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.reporting.PostProcessor;
import ovload.reporting.ReportOptions;

/** Two runs of the fixed fixture: one identical, one with sdk find 1.5x slower and a new error class. */
class CompareRunsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE = Path.of("src/test/resources/runs/small");
  @TempDir Path dir;

  private Path run(String name, boolean slower) throws Exception {
    Path run = Files.createDirectories(dir.resolve(name));
    for (String file : List.of("task_events.jsonl", "phases.json", "run_config.json")) {
      Files.copy(FIXTURE.resolve(file), run.resolve(file));
    }
    List<String> lines = new ArrayList<>();
    boolean broke = false;
    for (String line : Files.readAllLines(FIXTURE.resolve("request_events.jsonl"))) {
      ObjectNode e = (ObjectNode) JSON.readTree(line);
      if (slower && e.get("adapter").asText().equals("sdk") && e.get("operation").asText().equals("find")) {
        e.put("latency_ms", e.get("latency_ms").asDouble() * 1.5);
      }
      if (slower && !broke && e.get("adapter").asText().equals("sdk") && e.get("operation").asText().equals("health")) {
        e.put("success", false);
        e.put("exception_type", "NEW_ERROR");
        broke = true;
      }
      lines.add(JSON.writeValueAsString(e));
    }
    Files.write(run.resolve("request_events.jsonl"), lines);
    PostProcessor.process(run, new ReportOptions(null, false));
    return run;
  }

  @Test
  void identicalRunsCompareOk() throws Exception {
    Path a = run("a", false);
    Path b = run("b", false);
    assertEquals(0, CompareRuns.run(new String[] {a.toString(), b.toString()}));
    CompareRuns.Comparison c = CompareRuns.compare(a, b, 10);
    c.rows().forEach(r -> {
      assertEquals("ok", r.verdict(), r.toString());
      if (r.ratio("p95_ms") != null) {
        assertEquals(1.0, r.ratio("p95_ms"), 1e-12);
      }
    });
    assertTrue(Files.readString(b.resolve("comparison.md")).startsWith("# Run comparison: OK"));
  }

  @Test
  void aSlowerOperationAndANewFailureClassRegress() throws Exception {
    Path a = run("a", false);
    Path b = run("b", true);
    CompareRuns.Comparison c = CompareRuns.compare(a, b, 10);
    assertTrue(c.regressed());
    CompareRuns.Row find = c.rows().stream().filter(r -> r.adapter().equals("sdk") && r.scenario().equals("retrieval")
        && r.operation().equals("find")).findFirst().orElseThrow();
    assertEquals(1.5, find.ratio("p95_ms"), 1e-3);
    assertEquals(1.5, find.ratio("p50_ms"), 1e-3);
    assertEquals(1.0, find.ratio("qps"), 1e-12);
    assertEquals("regressed", find.verdict());
    CompareRuns.Row health = c.rows().stream().filter(r -> r.adapter().equals("sdk") && r.operation().equals("health")
        && r.scenario().equals("warmup")).findFirst().orElseThrow();
    assertEquals(List.of("NEW_ERROR"), new ArrayList<>(health.newFailures()));
    assertEquals("regressed", health.verdict());
    CompareRuns.Row glob = c.rows().stream().filter(r -> r.adapter().equals("sdk") && r.operation().equals("glob")
        && r.scenario().equals("retrieval")).findFirst().orElseThrow();
    assertEquals("ok", glob.verdict());
    assertEquals(1, CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp").toString()}));
    String md = Files.readString(dir.resolve("cmp/comparison.md"));
    assertTrue(md.contains("## New failure classes") && md.contains("`sdk / warmup / health / NEW_ERROR`"), md);
    String html = Files.readString(dir.resolve("cmp/comparison.html"));
    assertEquals(c.rows().stream().filter(r -> r.verdict().equals("regressed")).count(),
        html.split("<tr class=\"failed\">", -1).length - 1L, "the page marks every regressed row and only those");
    List<String> csv = Files.readAllLines(dir.resolve("cmp/comparison.csv"));
    assertTrue(csv.get(0).startsWith("adapter,scenario,operation,baseline_qps,candidate_qps,qps_ratio"), csv.get(0));
    assertEquals(c.rows().size() + 1, csv.size());
    assertEquals(1, CompareRuns.run(new String[] {a.toString(), b.toString(), "--out", dir.resolve("cmp2").toString(),
        "--max-p95-increase-percent", "60"}), "the new failure class still regresses with a loose p95 threshold");
    assertEquals(2, CompareRuns.run(new String[] {a.toString()}));
    assertEquals(2, CompareRuns.run(new String[] {a.toString(), dir.resolve("nothing").toString()}));
  }

  @Test
  void modelModesRankOperationsByTheirP95Ratio() throws Exception {
    Path instant = run("instant", false);
    Path realistic = run("realistic", true); // sdk find 1.5x slower: partly model-bound; the rest unchanged
    ModelBound.write(CompareRuns.compare(instant, realistic, 10), instant, realistic, "instant", "realistic", dir);
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
