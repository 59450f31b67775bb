package ovload.analysis.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.model.RunTables;

class RunAggregateTest {
  @TempDir Path dir;

  @Test
  void statisticsMatchHandComputedValues() {
    RunStatistics s = RunStatistics.of(new double[] {14, 10, 12});
    assertEquals(3, s.runs());
    assertEquals(12, s.median());
    assertEquals(12, s.mean());
    assertEquals(2, s.stddev(), 1e-12); // sqrt(((-2)^2 + 0 + 2^2) / 2)
    assertEquals(12 - 4.303 * 2 / Math.sqrt(3), s.ci95Low(), 1e-9);
    assertEquals(12 + 4.303 * 2 / Math.sqrt(3), s.ci95High(), 1e-9);
    assertEquals(2.0 / 12, s.cv(), 1e-12);
    assertEquals(10, s.min());
    assertEquals(14, s.max());
    assertEquals(11, RunStatistics.of(new double[] {10, 12, 9, 13}).median());
    assertEquals(0, RunStatistics.of(new double[] {5}).stddev());
  }

  @Test
  void tQuantilesMatchTheTables() {
    assertEquals(12.706, RunStatistics.t975(1), 1e-3);
    assertEquals(2.228, RunStatistics.t975(10), 1e-3);
    assertEquals(2.042, RunStatistics.t975(30), 1e-3);
    assertEquals(2.021, RunStatistics.t975(40), 2e-3);
    assertEquals(2.000, RunStatistics.t975(60), 2e-3);
    assertEquals(1.980, RunStatistics.t975(120), 2e-3);
  }

  @Test
  void aggregatesTheRunsRowByRow() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Path fixture = Path.of("src/test/resources/runs/small");
    List<Path> runs = new ArrayList<>();
    double[] scales = {1.0, 1.1, 1.2};
    for (int i = 0; i < scales.length; i++) {
      Path run = Files.createDirectories(dir.resolve("run" + i));
      for (String file : List.of("task_events.jsonl", "phases.json", "run_config.json")) {
        Files.copy(fixture.resolve(file), run.resolve(file));
      }
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(fixture.resolve("request_events.jsonl"))) {
        ObjectNode e = (ObjectNode) json.readTree(line);
        e.put("latency_ms", e.get("latency_ms").asDouble() * scales[i]);
        lines.add(json.writeValueAsString(e));
      }
      Files.write(run.resolve("request_events.jsonl"), lines);
      PostProcessor.process(run, new ReportOptions(null, false));
      runs.add(run);
    }
    Map<String, Map<String, RunStatistics>> aggregate = RunAggregate.aggregate(runs);
    RunTables base = RunTables.compute(runs.get(0), 5, List.of());
    double p95 = base.find("sdk", "ALL", "find").p95Ms();
    RunStatistics stats = aggregate.get("sdk\nALL\nfind").get("p95_ms");
    assertEquals(3, stats.runs());
    assertEquals(p95 * 1.1, stats.mean(), 1e-3);
    assertEquals(p95 * 1.1, stats.median(), 1e-3);
    assertEquals(p95 * 0.1, stats.stddev(), 1e-3);
    assertEquals(p95, stats.min(), 1e-3);
    RunAggregate.write(aggregate, runs, Files.createDirectories(dir.resolve("agg")));
    List<String> csv = Files.readAllLines(dir.resolve("agg/aggregate.csv"));
    assertEquals("adapter,scenario,operation,metric,runs,median,mean,stddev,ci95_low,ci95_high,cv,min,max", csv.get(0));
    assertTrue(csv.stream().anyMatch(l -> l.startsWith("sdk,ALL,find,p95_ms,3,")));
    assertTrue(Files.readString(dir.resolve("agg/aggregate.json")).contains("\"ci95_high\""));
  }
}
