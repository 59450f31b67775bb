package ovload.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run stopped by a signal says so, as its own cause and status, and leaves no stand-in behind. */
class InterruptedRunTest {
  @Test
  void aSigtermMidRunIsReportedAsInterruptedAndStopsTheStandIn() throws Exception {
    Path work = Files.createDirectories(Path.of("target/test-runs")).resolve("interrupt-" + System.nanoTime()).toAbsolutePath();
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", 30);
    options.put("resourceCount", "2");
    options.put("sessionCount", "2");
    GatlingFork.Started fork = GatlingFork.start(work, work.resolve("gatling"), options);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
      while (!fork.output().contains(" retrieval") && fork.process().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      String before = fork.output();
      assertTrue(before.contains(" retrieval"), "the run reached its retrieval phase:\n" + before);
      long standIn = Long.parseLong(before.lines().filter(l -> l.startsWith("ovload: embedded stand-in at ")).findFirst()
          .orElseThrow().replaceAll(".*, pid (\\d+) .*", "$1"));
      fork.process().destroy(); // SIGTERM, as a CI job's cancel sends
      assertTrue(fork.process().waitFor(180, TimeUnit.SECONDS), fork.output());
      assertEquals(ExitCause.INTERRUPTED.exitCode, fork.process().exitValue(), fork.output());
      JsonNode outcome = new ObjectMapper().readTree(work.resolve("run").resolve(Outcome.FILE).toFile());
      assertEquals("interrupted", outcome.get("outcome").asText());
      assertTrue(outcome.get("detail").asText().startsWith("SIGTERM"), outcome.toString());
      String last = fork.output().lines().filter(l -> l.startsWith("ovload")).reduce((a, b) -> b).orElse("");
      assertTrue(last.startsWith("ovload result: INTERRUPTED (exit 130): SIGTERM"), fork.output());
      assertTrue(ProcessHandle.of(standIn).filter(ProcessHandle::isAlive).isEmpty(), "the stand-in stopped with the run");
      assertTrue(Files.exists(work.resolve("run/summary.md")), "the reports of what ran are written");
    } finally {
      fork.process().destroyForcibly();
    }
  }
}
