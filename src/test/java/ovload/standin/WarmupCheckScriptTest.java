package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/warmup-check.py judges a run: the first adapter's retrieval find p50 in the first and
 * last thirds of its phase within 10 % of each other passes (exit 0), a slower first third fails
 * (exit 1), a folder without phases is a bad input (exit 2).
 */
class WarmupCheckScriptTest {
  private static final Instant START = Instant.parse("2026-12-07T10:00:00Z");

  private static Path run(Path dir, double firstThirdMs, double lastThirdMs) throws Exception {
    Files.writeString(dir.resolve("phases.json"), "[{\"adapter\":\"sdk\",\"scenario\":\"warmup\",\"started_at\":\""
        + START.minusSeconds(5) + "\",\"ended_at\":\"" + START.minusSeconds(4) + "\"},{\"adapter\":\"sdk\",\"scenario\":"
        + "\"retrieval\",\"started_at\":\"" + START + "\",\"ended_at\":\"" + START.plusSeconds(30) + "\"},"
        + "{\"adapter\":\"cli-http\",\"scenario\":\"retrieval\",\"started_at\":\"" + START.plusSeconds(60)
        + "\",\"ended_at\":\"" + START.plusSeconds(90) + "\"}]");
    StringBuilder events = new StringBuilder();
    for (int s = 0; s < 30; s++) {
      double latency = s < 10 ? firstThirdMs : s >= 20 ? lastThirdMs : 99;
      events.append("{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"started_at\":\"")
          .append(START.plusMillis(s * 1000L + 500)).append("\",\"latency_ms\":").append(latency)
          .append(",\"server_ms\":0.5,\"success\":true}\n");
      // another adapter's slow finds and a failed find never count
      events.append("{\"adapter\":\"cli-http\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"started_at\":\"")
          .append(START.plusMillis(s * 1000L + 500)).append("\",\"latency_ms\":500,\"success\":true}\n");
      events.append("{\"adapter\":\"sdk\",\"scenario\":\"retrieval\",\"operation\":\"find\",\"started_at\":\"")
          .append(START.plusMillis(s * 1000L + 600)).append("\",\"latency_ms\":900,\"success\":false}\n");
    }
    Files.writeString(dir.resolve("request_events.jsonl"), events.toString());
    return dir;
  }

  private static Result check(Path dir) throws Exception {
    Process p = new ProcessBuilder("python3", "scripts/warmup-check.py", dir.toString()).redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(p.waitFor(), out);
  }

  record Result(int exit, String output) {}

  @Test
  void equalThirdsPass(@TempDir Path dir) throws Exception {
    Result r = check(run(dir, 5.2, 5.0));
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("sdk retrieval find p50 5.20 ms in the first third (10 finds), 5.00 ms in the last (10)"),
        r.output());
    assertTrue(r.output().contains("+4.0%, within 10%"), r.output());
    assertTrue(r.output().contains("the server's own time, p50: 0.50 ms"), r.output());
  }

  @Test
  void aColdFirstThirdFails(@TempDir Path dir) throws Exception {
    Result r = check(run(dir, 6.0, 5.0));
    assertEquals(1, r.exit(), r.output());
    assertTrue(r.output().contains("+20.0%, OUTSIDE 10%"), r.output());
  }

  @Test
  void aFolderWithoutPhasesIsABadInput(@TempDir Path dir) throws Exception {
    Result r = check(dir);
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("cannot read phases.json"), r.output());
  }
}
