package ovload.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A gate no run can meet fails the run, with a non-zero exit, after every report is written. */
class GateFailureRunTest {
  @Test
  void aFailedGateFailsTheRunAfterTheReports() throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("gate-" + System.nanoTime()).toAbsolutePath();
    Path runDir = work.resolve("run");
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 1);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    options.put("maxSuccessP95Ms", "0.001");
    GatlingFork.Result result = GatlingFork.run(work, work.resolve("gatling"), options, 300);
    assertEquals(2, result.exitCode(), result.output());
    assertTrue(result.output().contains("latency or failure gates failed on our events"), result.output());
    for (String file : new String[] {"summary.md", "summary_zh.md", "request_summary.csv", "gates.xml", "jmeter.csv",
        "run_summary.json", "gatling/js/global_stats.json", "gatling/js/assertions.xml"}) {
      assertTrue(Files.exists(runDir.resolve(file)), "written before the exit: " + file);
    }
    String gates = Files.readString(runDir.resolve("gates.xml"));
    assertTrue(gates.contains("name=\"find success_p95_ms &lt;= 0.001\"") || gates.contains("name=\"find success_p95_ms <= 0.001\""), gates);
    assertTrue(gates.contains("<failure"), gates);
    assertTrue(Files.readString(runDir.resolve("gatling/js/assertions.xml")).contains("testcase"),
        "the profile's gates are Gatling assertions too");
  }
}
