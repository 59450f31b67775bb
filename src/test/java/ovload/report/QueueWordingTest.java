package ovload.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.RunOutcome;
import ovload.recording.ServerQueuesFile;

/** The queues are said to be "after the final drain" only when one ran; an aborted run's last sample may predate the stop. */
class QueueWordingTest {
  @TempDir Path runDir;

  private String summary(RunOutcome outcome, String file) throws Exception {
    PostProcessorGoldenTest.copyFixture(runDir);
    Files.writeString(runDir.resolve(ServerQueuesFile.FILE), ServerQueuesFile.HEADER + "\n"
        + "1.000,2025-11-23T00:00:01.000Z,SessionCommit,0,0,4,0,0\n"
        + "1.000,2025-11-23T00:00:01.000Z,Embedding,0,0,9,0,0\n");
    outcome.write(runDir);
    PostProcessor.process(runDir, new ReportOptions(null, false));
    return Files.readString(runDir.resolve(file));
  }

  @Test
  void anAbortedRunsQueuesAreTheLastSampleNotAfterAFinalDrain() throws Exception {
    String en = summary(new RunOutcome(RunOutcome.ABORTED, "every request for 5.0 s failed with a connection error", false),
        "summary.md");
    assertTrue(en.contains("- Server queues at the last sample (no final drain ran: the run was aborted): all 2 empty"), en);
    assertTrue(en.contains("## Server queues at the last sample (no final drain ran: the run was aborted)"), en);
    assertFalse(en.contains("after the final drain: all"), en);
    assertFalse(en.contains("## Server queues after the final drain"), en);
  }

  @Test
  void aCompleteRunsQueuesAreAfterTheFinalDrain() throws Exception {
    String en = summary(new RunOutcome(RunOutcome.COMPLETE, null, true), "summary.md");
    assertTrue(en.contains("- Server queues after the final drain: all 2 empty"), en);
    assertTrue(en.contains("## Server queues after the final drain"), en);
  }
}
