package ovload.serverside.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JFR records the stand-in throughout, and each phase's stacks are the samples inside its window
 * only: threads that run before, between and after the phases (all in the one recording) are in no
 * phase's file, and each phase's own thread only in its own.
 */
class JfrProfilerTest {
  @Test
  void aPhaseHoldsOnlyTheSamplesInsideItsWindow(@TempDir Path dir) throws Exception {
    JfrProfiler jfr = JfrProfiler.inThisJvm();
    spin("standin-before", 1000); // JFR's sampler running before the first window
    Profiler.Session retrieval = jfr.start(dir, "sdk-retrieval");
    spin("standin-in-retrieval", 500);
    retrieval.stop();
    spin("standin-between", 500);
    Profiler.Session mixed = jfr.start(dir, "sdk-mixed");
    spin("standin-in-mixed", 500);
    mixed.stop();
    spin("standin-after", 500);
    jfr.finish();

    assertEquals(Set.of("standin-in-retrieval"), threads(dir.resolve("sdk-retrieval.collapsed")));
    assertEquals(Set.of("standin-in-mixed"), threads(dir.resolve("sdk-mixed.collapsed")));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.toString().endsWith(".jfr")), "the recording is deleted");
    }
  }

  /** The threads a collapsed file holds samples of. */
  private static Set<String> threads(Path collapsed) throws Exception {
    Map<String, Long> stacks = CollapsedStacks.read(collapsed);
    Set<String> threads = new TreeSet<>();
    stacks.keySet().forEach(s -> threads.add(s.substring(s.indexOf(": ") + 2, s.indexOf(';'))));
    return threads;
  }

  /** A thread of that name busy on the CPU for that long, started and joined here: all its samples fall in between. */
  private static void spin(String name, long millis) throws InterruptedException {
    Thread t = new Thread(() -> {
      long end = System.nanoTime() + millis * 1_000_000L;
      // calls and allocation, not a tight loop: JFR drops samples whose compiled frame it cannot walk
      long x = 0;
      while (System.nanoTime() < end) {
        x += BigInteger.valueOf(x).pow(20).toString().length();
      }
      if (x < 0) {
        System.out.println(x);
      }
    }, name);
    t.start();
    t.join();
  }
}
