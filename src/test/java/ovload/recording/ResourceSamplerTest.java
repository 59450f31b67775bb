package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceSamplerTest {
  @TempDir Path dir;

  @Test
  void oneRowPerSecondWithTheGeneratorTargetAndQueue() throws Exception {
    long pid = ProcessHandle.current().pid();
    String table = "queue pending in_progress processed errors\nresource 2 1 10 0\nsession_commit 1 0 5 1\n";
    try (ResourceSampler sampler = new ResourceSampler(dir, new RunClock(), new ResourceSampler.Target(null, pid), () -> table, new WriteFailures())) {
      long end = System.nanoTime() + 3_300_000_000L;
      double spin = 0;
      while (System.nanoTime() < end) {
        spin += Math.sqrt(spin + 1); // keep a core busy so CPU is measurable
      }
      assertTrue(spin > 0);
    }
    List<String> lines = Files.readAllLines(dir.resolve(ResourceSampler.FILE));
    assertEquals(ResourceSampler.HEADER, lines.get(0));
    int rows = lines.size() - 1;
    assertTrue(rows >= 2 && rows <= 4, "about one row per second of 3.3 s: " + rows);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(16, cells.length, line);
      double cpu = Double.parseDouble(cells[2]);
      assertTrue(cpu >= 0 && cpu <= 100.5, line);
      assertTrue(Long.parseLong(cells[3]) > 0 && Long.parseLong(cells[4]) >= Long.parseLong(cells[3]), line);
      assertTrue(Long.parseLong(cells[9]) > 0, "target RSS from /proc: " + line);
      assertTrue(Long.parseLong(cells[10]) > 1, "target threads: " + line);
      assertTrue(Long.parseLong(cells[11]) > 2, "target open files: " + line);
      assertEquals("3,1,15,1", String.join(",", cells[12], cells[13], cells[14], cells[15]), line);
    }
    // the busiest sample, not the last: on a loaded machine the spinning thread gets less of a core
    double maxCpu = lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[8])).max().orElse(0);
    assertTrue(maxCpu > 10, "a spinning thread shows in the target's CPU: " + maxCpu);
    assertTrue(Files.readAllLines(dir.resolve(ResourceSampler.GC_FILE)).get(0).startsWith("start_epoch_ms,duration_ms"));
    List<String> queues = Files.readAllLines(dir.resolve(ServerQueuesFile.FILE));
    assertEquals(ServerQueuesFile.HEADER, queues.get(0));
    assertEquals(2 * rows, queues.size() - 1, "every queue at every sample, the last one at the close included");
    assertTrue(queues.get(1).endsWith(",resource,2,1,10,,0"), "no requeue column: an empty cell: " + queues.get(1));
    assertTrue(queues.get(2).endsWith(",session_commit,1,0,5,,1"), queues.get(2));
  }

  @Test
  void queueTablesAreReadByTheirHeaders() {
    assertArrayEquals(new long[] {3, 1, 15, 1}, QueueTable.totals(QueueTable.parse(
        "queue            pending  in_progress  processed  errors\nresource 2 1 10 0\nsession_commit 1 0 5 1\n")));
    assertArrayEquals(new long[] {-1, -1, -1, -1}, QueueTable.totals(QueueTable.parse(null)));
    assertArrayEquals(new long[] {4, -1, 7, -1}, QueueTable.totals(QueueTable.parse("name Pending Done\nembedding 4 7")));
    assertFalse(QueueTable.totals(QueueTable.parse("garbage"))[0] >= 0);
  }
}
