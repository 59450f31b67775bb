package ovload.gatling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import ovload.recording.JvmCpu;
import ovload.support.DaemonThreads;

/**
 * Telemetry asked for in alternate blocks of time, for {@link TelemetryCostSimulation}: at each block's
 * start the load generator's and the stand-in's CPU time (from /proc, the JIT compiler's threads apart),
 * the generator's GC count and time, and the CPU time of its event loops, event writer and GC threads
 * are sampled, then telemetry is switched for the new block.
 * The blocks go off, on, on, off, off, on, ... (ABBA), so that the pairs (0, 1), (2, 3), ... each hold one
 * block of each, alternately first: a steady drift of the machine then weighs on both alike.
 */
final class TelemetryBlocks {
  static final String FILE = "telemetry_blocks.csv";
  static final String HEADER = "at,telemetry,generator_cpu_ns,generator_jit_ns,standin_cpu_ns,standin_jit_ns,gc_count,gc_ms,"
      + "event_loop_ns,event_writer_ns,gc_threads_ns";
  /** The generator's threads by name: Gatling's event loops (Netty), our event writer, the GC's. */
  static final String[] THREADS = {"gatling-", "ovload-event-wr", "GC Thread", "G1 "};

  private final long blockMillis;
  private final Path file;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("ovload-blocks"));
  private final Map<Long, Long> generatorJit = new HashMap<>();
  private final Map<Long, Long> standinJit = new HashMap<>();
  private final List<String> rows = new ArrayList<>();
  private volatile boolean telemetry;
  private int block;

  TelemetryBlocks(long blockMillis, Path file) {
    this.blockMillis = blockMillis;
    this.file = file;
  }

  /** Whether a request that starts now asks for telemetry. */
  boolean telemetryOn() {
    return telemetry;
  }

  void start() {
    timer.scheduleAtFixedRate(this::nextBlock, 0, blockMillis, TimeUnit.MILLISECONDS);
  }

  /** Stops sampling and writes the samples, one row per block start (the last one ends the last block). */
  void stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(5, TimeUnit.SECONDS);
      synchronized (rows) {
        Files.write(file, rows);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void nextBlock() {
    boolean next = block % 4 == 1 || block % 4 == 2;
    long[] generator = JvmCpu.of(ProcessHandle.current().pid(), generatorJit);
    long[] standin = {0, 0};
    ProcessHandle.current().descendants().forEach(child -> {
      long[] c = JvmCpu.of(child.pid(), standinJit);
      standin[0] += c[0];
      standin[1] += c[1];
    });
    long gcCount = 0;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcCount += Math.max(0, gc.getCollectionCount());
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    long[] threads = JvmCpu.byThreadName(ProcessHandle.current().pid(), THREADS);
    telemetry = next;
    synchronized (rows) {
      if (rows.isEmpty()) {
        rows.add(HEADER);
      }
      rows.add(String.join(",", Instant.now().toString(), Boolean.toString(next), Long.toString(generator[0]),
          Long.toString(generator[1]), Long.toString(standin[0]), Long.toString(standin[1]), Long.toString(gcCount),
          Long.toString(gcMillis), Long.toString(threads[0]), Long.toString(threads[1]),
          Long.toString(threads[2] + threads[3])));
    }
    block++;
  }
}
