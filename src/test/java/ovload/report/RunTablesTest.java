package ovload.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every percentile, rate and count checked against a plain computation written here, on a fixed run. */
class RunTablesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path runDir;

  private static List<JsonNode> events() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(PostProcessorGoldenTest.FIXTURE.resolve("request_events.jsonl"))) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  /** Nearest-rank interpolation written out the long way. */
  private static double percentile(List<Double> values, double p) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    double position = p / 100 * (sorted.size() - 1);
    int below = (int) position;
    double fraction = position - below;
    double next = below + 1 < sorted.size() ? sorted.get(below + 1) : sorted.get(below);
    return sorted.get(below) * (1 - fraction) + next * fraction;
  }

  private static List<CSVRecord> csv(Path file) throws Exception {
    try (Reader in = Files.newBufferedReader(file);
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      return parser.getRecords();
    }
  }

  @Test
  void summaryRowsAgreeWithAnIndependentComputation() throws Exception {
    PostProcessor.process(PostProcessorGoldenTest.copyFixture(runDir), new ReportOptions(null, false));
    Map<String, List<JsonNode>> groups = new HashMap<>();
    for (JsonNode e : events()) {
      groups.computeIfAbsent(e.get("adapter").asText() + "|" + e.get("scenario").asText() + "|" + e.get("operation").asText(),
          k -> new ArrayList<>()).add(e);
      groups.computeIfAbsent(e.get("adapter").asText() + "|ALL|" + e.get("operation").asText(), k -> new ArrayList<>()).add(e);
    }
    Map<String, Double> phaseSeconds = new HashMap<>();
    JSON.readTree(runDir.resolve("phases.json").toFile()).forEach(p ->
        phaseSeconds.put(p.get("adapter").asText() + "|" + p.get("scenario").asText(), p.get("duration_seconds").asDouble()));
    List<CSVRecord> rows = csv(runDir.resolve("request_summary.csv"));
    assertEquals(groups.size(), rows.size());
    for (CSVRecord row : rows) {
      String key = row.get("adapter") + "|" + row.get("scenario") + "|" + row.get("operation");
      List<JsonNode> group = groups.get(key);
      assertNotNull(group, key);
      List<Double> latencies = group.stream().map(e -> e.get("latency_ms").asDouble()).toList();
      long ok = group.stream().filter(e -> e.get("success").asBoolean()).count();
      assertEquals(group.size(), Long.parseLong(row.get("requests")), key);
      assertEquals(ok, Long.parseLong(row.get("successes")), key);
      assertEquals(group.size() - ok, Long.parseLong(row.get("failures")), key);
      assertEquals(100.0 * ok / group.size(), Double.parseDouble(row.get("success_rate")), 1e-4, key);
      for (String[] p : new String[][] {{"50", "p50_ms"}, {"90", "p90_ms"}, {"95", "p95_ms"}, {"99", "p99_ms"}, {"100", "max_ms"}}) {
        assertEquals(percentile(latencies, Double.parseDouble(p[0])), Double.parseDouble(row.get(p[1])), 1e-4, key + " " + p[1]);
      }
      assertEquals(latencies.stream().mapToDouble(Double::doubleValue).average().orElseThrow(), Double.parseDouble(row.get("avg_ms")), 1e-4, key);
      assertEquals(latencies.stream().filter(l -> l > 1000).count(), Long.parseLong(row.get("slow_gt_1s")), key);
      assertEquals(latencies.stream().filter(l -> l > 5000).count(), Long.parseLong(row.get("slow_gt_5s")), key);
      Double seconds = phaseSeconds.get(row.get("adapter") + "|" + row.get("scenario"));
      if (seconds != null) {
        assertEquals(group.size() / seconds, Double.parseDouble(row.get("qps")), 1e-4, key + " qps over its phase");
      }
    }
  }

  @Test
  void headersAreTheSpecsAndWindowsSumToTheirGroups() throws Exception {
    PostProcessor.process(PostProcessorGoldenTest.copyFixture(runDir), new ReportOptions(null, false));
    assertArrayEquals(new String[] {"adapter", "scenario", "operation", "requests", "successes", "failures", "success_rate",
        "qps", "avg_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "slow_gt_1s", "slow_gt_3s", "slow_gt_5s",
        "status_codes"}, header(runDir.resolve("request_summary.csv")));
    assertArrayEquals(header(runDir.resolve("request_summary.csv")), header(runDir.resolve("adapter_comparison.csv")));
    assertArrayEquals(new String[] {"window_index", "window_start_sec", "window_end_sec", "adapter", "scenario", "operation",
        "requests", "successes", "failures", "success_rate", "qps", "p95_ms", "p99_ms", "max_ms"}, header(runDir.resolve("request_windows.csv")));
    assertArrayEquals(new String[] {"adapter", "task_type", "status", "tasks", "p50_local_ms", "p95_local_ms", "p99_local_ms",
        "max_local_ms", "p50_server_ms", "p95_server_ms", "p99_server_ms", "max_server_ms"}, header(runDir.resolve("task_summary.csv")));
    assertArrayEquals(new String[] {"adapter", "scenario", "operation", "error", "count"}, header(runDir.resolve("errors.csv")));

    Map<String, long[]> windowTotals = new HashMap<>();
    for (CSVRecord w : csv(runDir.resolve("request_windows.csv"))) {
      long[] sums = windowTotals.computeIfAbsent(w.get("adapter") + "|" + w.get("scenario") + "|" + w.get("operation"), k -> new long[3]);
      sums[0] += Long.parseLong(w.get("requests"));
      sums[1] += Long.parseLong(w.get("successes"));
      sums[2] += Long.parseLong(w.get("failures"));
      assertEquals(Double.parseDouble(w.get("window_start_sec")) + 5.0, Double.parseDouble(w.get("window_end_sec")), 1e-9);
    }
    for (CSVRecord row : csv(runDir.resolve("request_summary.csv"))) {
      if (!row.get("scenario").equals("ALL")) {
        long[] sums = windowTotals.get(row.get("adapter") + "|" + row.get("scenario") + "|" + row.get("operation"));
        assertArrayEquals(new long[] {Long.parseLong(row.get("requests")), Long.parseLong(row.get("successes")),
            Long.parseLong(row.get("failures"))}, sums, row.toString());
      }
    }
  }

  private static String[] header(Path file) throws Exception {
    return Files.readAllLines(file).get(0).split(",");
  }
}
