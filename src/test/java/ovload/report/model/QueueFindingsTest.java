package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.recording.QueueTable;
import ovload.recording.ServerQueuesFile;

class QueueFindingsTest {
  @TempDir Path dir;

  /** One queue's counts per second: pending, processed and requeued as functions of the second. */
  interface Count {
    long at(int second);
  }

  private QueueFindings run(int seconds, double window, String queue, Count pending, Count processed, Count requeued)
      throws Exception {
    List<String> lines = new ArrayList<>(List.of(ServerQueuesFile.HEADER));
    for (int t = 0; t <= seconds; t++) {
      lines.add(t + ".000,ts," + queue + "," + pending.at(t) + ",0," + processed.at(t) + "," + requeued.at(t) + ",0");
      lines.add(t + ".000,ts,Embedding,0,0,100,0,0");
    }
    Files.write(dir.resolve(ServerQueuesFile.FILE), lines);
    return QueueFindings.analyse(dir, window);
  }

  @Test
  void aQueueTakingAndPuttingBackTheSameWorkIsALivelock() throws Exception {
    // the SessionCommit: 472 pending, about 8 requeues a second, nothing leaves
    QueueFindings f = run(40, 30, "SessionCommit", t -> 472, t -> 10574 + 8L * t, t -> 10055 + 8L * t);
    assertEquals(1, f.livelocks().size());
    QueueFindings.Livelock l = f.livelocks().get(0);
    assertEquals("SessionCommit", l.queue());
    assertEquals(40.0, l.seconds(), 1e-9);
    assertEquals(320, l.requeued());
    assertEquals(472, l.pendingAtEnd());
    assertEquals(List.of("SessionCommit"), f.storms().stream().map(QueueFindings.Growth::queue).toList());
    assertEquals(List.of("SessionCommit"), f.pendingAtEnd().stream().map(QueueTable.Row::queue).toList());
    assertFalse(f.drained());
  }

  @Test
  void aShortStallIsNoLivelockUntilTheWindowIsReached() throws Exception {
    assertTrue(run(20, 30, "SessionCommit", t -> 5, t -> 8L * t, t -> 8L * t).livelocks().isEmpty());
    assertEquals(1, run(20, 15, "SessionCommit", t -> 5, t -> 8L * t, t -> 8L * t).livelocks().size());
  }

  @Test
  void aBusyQueueThatDrainsOrKeepsUpIsNoLivelock() throws Exception {
    // pending falls while work is requeued: progress
    assertTrue(run(60, 30, "Semantic", t -> 60 - t, t -> 4L * t, t -> 2L * t).livelocks().isEmpty());
    // pending flat under load, but most deliveries leave: a queue keeping up with its arrivals
    QueueFindings steady = run(60, 30, "Semantic", t -> 5, t -> 10L * t, t -> t / 2);
    assertTrue(steady.livelocks().isEmpty());
    assertTrue(steady.storms().isEmpty(), "30 requeues against 570 that left is no storm");
    // nothing requeued at all
    assertTrue(run(60, 30, "Semantic", t -> 5, t -> 10L * t, t -> 0).livelocks().isEmpty());
  }

  @Test
  void aRequeueStormIsMoreRequeuesThanDeliveriesThatLeft() throws Exception {
    QueueFindings storm = run(10, 30, "Semantic", t -> 0, t -> 100 + 12L * t, t -> 7L * t);
    assertEquals(List.of(new QueueFindings.Growth("Semantic", 120, 70)), storm.storms());
    assertTrue(storm.livelocks().isEmpty(), "nothing pending: no livelock");
    assertTrue(storm.drained());
    // the Semantic queue: 47 lock requeues among thousands of deliveries
    assertTrue(run(10, 30, "Semantic", t -> 0, t -> 200L * t, t -> Math.min(47, 5L * t)).storms().isEmpty());
    // a handful of requeues is below the storm's floor however few left
    assertTrue(run(10, 30, "Semantic", t -> 0, t -> t, t -> t / 2).storms().isEmpty());
  }

  @Test
  void theEndStateIsTheLastSampleAndOnlyQueuesThatMovedAreListed() throws Exception {
    QueueFindings f = run(5, 30, "AddResource", t -> t < 5 ? 3 : 0, t -> 2L * t, t -> 0);
    assertTrue(f.drained());
    assertEquals(6, f.samples());
    assertEquals(new QueueTable.Row("AddResource", 0, 0, 10, 0, 0), f.end().get(0));
    assertEquals(List.of("AddResource"), f.moved());
  }

  @Test
  void noSamplesNoFindings() throws Exception {
    assertNull(QueueFindings.analyse(dir, 30));
  }
}
