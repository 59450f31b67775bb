package ovload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.recording.ResourceSampler;
import ovload.recording.RunClock;
import ovload.recording.ServerQueueDrain;
import ovload.recording.WriteFailures;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * The stand-in's stuck-queue fault seen end to end: its observer table, sampled into
 * server_queues.csv, flagged and written into summary.md; and the same work without the fault.
 */
class StuckQueueReportTest {
  private static final double WINDOW_SECONDS = 2;

  @TempDir Path dir;

  private String summary(StandInConfig standIn) throws Exception {
    try (StandInServer server = StandInServer.start(standIn);
        OpenVikingClient client = new OpenVikingClient(new ClientSettings(server.baseUrl(), "test-root-api-key",
            "default", "default", Duration.ofSeconds(10), Map.of()))) {
      RunClock clock = new RunClock();
      try (ResourceSampler sampler = new ResourceSampler(dir, clock, null,
          () -> client.observer("queue").path("status").asText(null), new WriteFailures())) {
        for (int i = 0; i < 3; i++) {
          client.addMessage("stuck-" + i, "user", "hello " + i);
          client.commitSession("stuck-" + i);
        }
        Thread.sleep((long) ((WINDOW_SECONDS + 2.5) * 1000));
        ServerQueueDrain.await(() -> client.observer("queue").path("status").asText(null), clock, 1).write(dir);
      }
    }
    Files.writeString(dir.resolve("run_config.json"), "{\"livelock_seconds\": " + WINDOW_SECONDS + "}");
    PostProcessor.process(dir, new ReportOptions(null, false));
    return Files.readString(dir.resolve("summary.md"));
  }

  @Test
  void aStuckSessionCommitQueueIsFlaggedALivelockAndNoBacklogIsClaimed() throws Exception {
    String summary = summary(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT)
        .withStuckQueue("SessionCommit"));
    assertTrue(summary.contains("- Livelock: `SessionCommit` took and put back work for "), summary);
    assertTrue(summary.contains("- Requeue storm: `SessionCommit` requeued "), summary);
    assertTrue(summary.contains("- Server queues after the final drain: `SessionCommit` 3 pending, 0 in progress"), summary);
    assertTrue(summary.contains("- The server's queues were still busy when the 1 s drain timeout passed"), summary);
    assertFalse(summary.contains("Backlog: none"), summary);
    assertTrue(summary.contains("but the server's queues still held 3 messages"), summary);
    assertTrue(Files.readString(dir.resolve("summary_zh.md")).contains("疑似活锁：`SessionCommit`"));
  }

  @Test
  void theSameWorkWithoutTheFaultDrainsAndRaisesNoFlag() throws Exception {
    String summary = summary(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT));
    assertFalse(summary.contains("Livelock"), summary);
    assertFalse(summary.contains("Requeue storm"), summary);
    assertTrue(summary.contains("- Server queues after the final drain: all 10 empty"), summary);
    assertTrue(summary.contains("- The server's queues emptied "), summary);
    assertTrue(summary.contains("- Backlog: none; every background task reached a terminal state and the server's queues were empty."), summary);
    List<String> rows = Files.readAllLines(dir.resolve("server_queues.csv"));
    String last = rows.get(rows.size() - 1);
    assertTrue(rows.stream().anyMatch(r -> r.contains(",SessionCommit,0,0,3,0,0")), "three commits processed: " + rows);
    assertEquals(8, last.split(",", -1).length, last);
  }
}
