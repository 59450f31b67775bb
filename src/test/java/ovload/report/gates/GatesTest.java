package ovload.report.gates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import ovload.report.PostProcessor;
import ovload.report.ReportOptions;
import ovload.report.ReportResult;

/** Gates on a fixed run (sdk and cli-subprocess), read back from gates.xml and checked against the CSVs. */
class GatesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FIXTURE = Path.of("src/test/resources/runs/small");
  @TempDir Path runDir;

  private ReportResult run(Double maxFailureRate, Double maxSuccessP95) throws Exception {
    for (String file : List.of("request_events.jsonl", "task_events.jsonl", "phases.json")) {
      Files.copy(FIXTURE.resolve(file), runDir.resolve(file));
    }
    ObjectNode config = (ObjectNode) JSON.readTree(FIXTURE.resolve("run_config.json").toFile());
    config.put("max_failure_rate_percent", maxFailureRate);
    config.put("max_success_p95_ms", maxSuccessP95);
    JSON.writeValue(runDir.resolve("run_config.json").toFile(), config);
    return PostProcessor.process(runDir, new ReportOptions(null, false));
  }

  private Map<String, Element> testcases() throws Exception {
    Document xml = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(runDir.resolve("gates.xml").toFile());
    Map<String, Element> cases = new HashMap<>();
    NodeList nodes = xml.getElementsByTagName("testcase");
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      cases.put(e.getAttribute("classname") + " " + e.getAttribute("name"), e);
    }
    return cases;
  }

  private static String property(Element testcase, String name) {
    NodeList props = testcase.getElementsByTagName("property");
    for (int i = 0; i < props.getLength(); i++) {
      Element p = (Element) props.item(i);
      if (p.getAttribute("name").equals(name)) {
        return p.getAttribute("value");
      }
    }
    throw new AssertionError("no property " + name);
  }

  private Map<String, CSVRecord> allRows() throws Exception {
    Map<String, CSVRecord> rows = new HashMap<>();
    try (Reader in = Files.newBufferedReader(runDir.resolve("request_summary.csv"));
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      for (CSVRecord r : parser) {
        if (r.get("scenario").equals("ALL")) {
          rows.put(r.get("adapter") + "/" + r.get("operation"), r);
        }
      }
    }
    return rows;
  }

  @Test
  void profileGatesPassAndFailByTheirMeasuredValues() throws Exception {
    ReportResult result = run(null, null);
    Map<String, Element> cases = testcases();
    Map<String, CSVRecord> rows = allRows();
    Element subFind = cases.get("ovload.gates.cli-subprocess find p95_ms <= 6000.0");
    assertNotNull(subFind, cases.keySet().toString());
    double measured = Double.parseDouble(rows.get("cli-subprocess/find").get("p95_ms"));
    assertEquals(measured, Double.parseDouble(property(subFind, "measured")), 1e-4);
    assertEquals(measured > 6000, subFind.getElementsByTagName("failure").getLength() == 1, "cli-subprocess find p95 " + measured);
    Element sdkFind = cases.get("ovload.gates.sdk find p95_ms <= 500.0");
    assertEquals(0, sdkFind.getElementsByTagName("failure").getLength(), "sdk find p95 is far below 500 ms");
    int failures = 0;
    for (Element c : cases.values()) {
      boolean failed = c.getElementsByTagName("failure").getLength() == 1;
      boolean skipped = c.getElementsByTagName("skipped").getLength() == 1;
      if (!skipped) {
        assertTrue(Double.parseDouble(property(c, "measured")) > Double.parseDouble(property(c, "threshold")) == failed, c.getAttribute("name"));
      }
      failures += failed ? 1 : 0;
    }
    assertEquals(failures == 0, result.gatesPassed());
    Element suite = (Element) DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(runDir.resolve("gates.xml").toFile()).getElementsByTagName("testsuite").item(0);
    assertEquals(Integer.toString(failures), suite.getAttribute("failures"));
    assertEquals(0, cases.get("ovload.gates.sdk add_resource p95_ms <= 1000.0").getElementsByTagName("skipped").getLength());
    Element search = cases.get("ovload.gates.sdk search p95_ms <= 800.0");
    assertEquals(rows.containsKey("sdk/search") ? 0 : 1, search.getElementsByTagName("skipped").getLength(),
        "a gate without requests is skipped, not passed silently");
  }

  @Test
  void commandLineOverridesTightenEveryOperation() throws Exception {
    ReportResult result = run(0.0, 1.0);
    assertFalse(result.gatesPassed());
    Map<String, Element> cases = testcases();
    Element findFailures = cases.get("ovload.gates.sdk find failure_rate_percent <= 0.0");
    Map<String, CSVRecord> rows = allRows();
    boolean findHasFailures = Long.parseLong(rows.get("sdk/find").get("failures")) > 0;
    assertEquals(findHasFailures, findFailures.getElementsByTagName("failure").getLength() == 1);
    Element successP95 = cases.get("ovload.gates.sdk find success_p95_ms <= 1.0");
    assertEquals(1, successP95.getElementsByTagName("failure").getLength(), "every sdk find took more than 1 ms");
    // success-only p95 computed here, independently, from the events
    List<Double> ok = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("request_events.jsonl"))) {
      JsonNode e = JSON.readTree(line);
      if (e.get("adapter").asText().equals("sdk") && e.get("operation").asText().equals("find") && e.get("success").asBoolean()) {
        ok.add(e.get("latency_ms").asDouble());
      }
    }
    ok.sort(null);
    double rank = 0.95 * (ok.size() - 1);
    int lo = (int) Math.floor(rank);
    double expected = ok.get(lo) + (ok.get(Math.min(lo + 1, ok.size() - 1)) - ok.get(lo)) * (rank - lo);
    assertEquals(expected, Double.parseDouble(property(successP95, "measured")), 1e-4);
    assertTrue(String.join("\n", result.notes()).contains("gate failed: sdk find success_p95_ms"));
    assertTrue(Files.readString(runDir.resolve("summary.md")).contains("## Gates that failed"));
  }

  @Test
  void jmeterCsvHoldsOneRowPerEventWithItsValues() throws Exception {
    run(null, null);
    List<String> events = Files.readAllLines(runDir.resolve("request_events.jsonl"));
    try (Reader in = Files.newBufferedReader(runDir.resolve("jmeter.csv"));
        CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build().parse(in)) {
      assertEquals(List.of("timeStamp", "elapsed", "label", "responseCode", "responseMessage", "threadName", "dataType",
          "success", "failureMessage", "bytes", "sentBytes", "grpThreads", "allThreads", "URL", "Latency", "IdleTime", "Connect"),
          parser.getHeaderNames());
      List<CSVRecord> rows = parser.getRecords();
      assertEquals(events.size(), rows.size());
      for (int i = 0; i < rows.size(); i++) {
        JsonNode e = JSON.readTree(events.get(i));
        CSVRecord r = rows.get(i);
        assertEquals(java.time.Instant.parse(e.get("started_at").asText()).toEpochMilli(), Long.parseLong(r.get("timeStamp")));
        assertEquals(Math.round(e.get("latency_ms").asDouble()), Long.parseLong(r.get("elapsed")));
        String scenario = e.get("scenario").asText().replace(e.get("adapter").asText() + ":", "");
        assertEquals(e.get("adapter").asText() + "/" + scenario + "/" + e.get("operation").asText(), r.get("label"));
        assertEquals(e.get("success").asBoolean(), Boolean.parseBoolean(r.get("success")));
      }
    }
  }
}
