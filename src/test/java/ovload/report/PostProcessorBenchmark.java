package ovload.report;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;
import ovload.support.Timestamps;

/**
 * Post-processes 5 million synthetic events and prints the time and the peak heap. Run it with the
 * heap the target names:
 * {@code java -Xmx512m -cp target/classes:target/test-classes:$(cat target/ov.classpath) ovload.report.PostProcessorBenchmark [events]}
 */
public final class PostProcessorBenchmark {
  private PostProcessorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int events = args.length > 0 ? Integer.parseInt(args[0]) : 5_000_000;
    Path runDir = Files.createTempDirectory("ovload-bench-run");
    String[] adapters = {"sdk", "cli-http", "cli-subprocess"};
    String[] scenarios = {"retrieval", "mixed"};
    String[] operations = {"find", "search", "grep", "glob", "add_message", "commit_session"};
    long base = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
    double runSeconds = 3600;
    Random random = new Random(1);
    long writeStart = System.nanoTime();
    try (BufferedWriter out = Files.newBufferedWriter(runDir.resolve("request_events.jsonl"))) {
      for (int i = 0; i < events; i++) {
        String adapter = adapters[i % 3];
        double elapsed = i * runSeconds * 1000.0 / events;
        double latency = 1 + random.nextDouble() * random.nextDouble() * 2000;
        boolean ok = random.nextInt(100) != 0;
        String start = Timestamps.isoFromEpochMillis(base + (long) elapsed);
        out.write("{\"adapter\":\"" + adapter + "\",\"scenario\":\"" + scenarios[(i / 7) % 2] + "\",\"operation\":\""
            + operations[random.nextInt(operations.length)] + "\",\"started_at\":\"" + start + "\",\"ended_at\":\""
            + Timestamps.isoFromEpochMillis(base + (long) (elapsed + latency)) + "\",\"elapsed_ms_since_run_start\":" + elapsed
            + ",\"latency_ms\":" + latency + ",\"success\":" + ok + ",\"status_code\":" + (ok ? "200" : "503")
            + ",\"exception_type\":" + (ok ? "null" : "\"UNAVAILABLE\"") + ",\"error_message\":null,\"session_id\":null,"
            + "\"resource_uri\":null,\"task_id\":null,\"worker_id\":" + (i % 48) + ",\"command\":null}\n");
      }
    }
    Files.writeString(runDir.resolve("phases.json"), "[]");
    Files.writeString(runDir.resolve("run_config.json"), "{\"run_id\":\"bench\",\"adapters\":[\"sdk\",\"cli-http\",\"cli-subprocess\"],\"request_window_seconds\":5.0}");
    System.out.printf("wrote %,d events (%,d MiB) in %.1f s%n", events, Files.size(runDir.resolve("request_events.jsonl")) >> 20,
        (System.nanoTime() - writeStart) / 1e9);
    System.gc();
    ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    java.util.concurrent.atomic.AtomicLong sampledPeak = new java.util.concurrent.atomic.AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        Runtime rt = Runtime.getRuntime();
        sampledPeak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    ReportResult result = PostProcessor.process(runDir, ReportOptions.defaults());
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("post-processed %,d events in %.1f s; heap in use at most %d MiB (sampled every 20 ms; sum of the"
        + " pools' peaks %d MiB); max heap %d MiB; %d summary rows, %d window rows%n",
        result.requests(), seconds, sampledPeak.get() >> 20, peak >> 20, Runtime.getRuntime().maxMemory() >> 20,
        result.tables().requestSummary().size(), result.tables().windows().size());
  }
}
