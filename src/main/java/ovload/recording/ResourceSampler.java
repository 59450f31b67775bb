package ovload.recording;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Samples resources once a second into {@code resources.csv}: the load generator's JVM (CPU, heap,
 * GC, threads), the target (the embedded stand-in's threads when it runs in this JVM, else a
 * process, the stand-in's child JVM or an external server, through {@code /proc/<pid>}) and the
 * server's own queue observer (its totals here, every queue into {@code server_queues.csv}); and
 * every GC pause of this JVM into {@code gc_pauses.csv}, so that slow requests can be matched with pauses.
 */
public final class ResourceSampler implements AutoCloseable {
  public static final String FILE = "resources.csv";
  public static final String GC_FILE = "gc_pauses.csv";
  static final String HEADER = "elapsed_sec,timestamp,gen_cpu_percent,gen_heap_used_mb,gen_heap_max_mb,gen_gc_count,"
      + "gen_gc_pause_ms,gen_threads,target_cpu_percent,target_rss_mb,target_threads,target_open_files,"
      + "queue_pending,queue_in_progress,queue_processed,queue_errors";

  /** The target: the embedded stand-in's threads by name prefix, or an external process id; null = none. */
  public record Target(String threadPrefix, Long pid) {}

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "ovload-sampler");
    t.setDaemon(true);
    return t;
  });
  private final CsvLog rows;
  private final CsvLog pauses;
  private final ServerQueuesFile serverQueues;
  private final RunClock clock;
  private final Target target;
  private final Supplier<String> queueTable;
  private final WriteFailures failures;
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener gcListener = (notification, handback) -> onGc((CompositeData) notification.getUserData());
  private final int cores = Runtime.getRuntime().availableProcessors();
  private long lastNanos;
  private long lastProcessCpu;
  private long lastTargetCpu;

  /**
   * @param queueTable the queue observer's text table, or null when it cannot be read
   */
  public ResourceSampler(Path runDir, RunClock clock, Target target, Supplier<String> queueTable, WriteFailures failures)
      throws IOException {
    this.clock = clock;
    this.failures = failures;
    this.target = target;
    this.queueTable = queueTable;
    this.rows = new CsvLog(runDir.resolve(FILE), HEADER);
    this.pauses = new CsvLog(runDir.resolve(GC_FILE), "start_epoch_ms,duration_ms,gc_name,gc_action");
    this.serverQueues = new ServerQueuesFile(runDir);
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(gcListener, n -> n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION), null);
        emitters.add(emitter);
      }
    }
    lastNanos = clock.nanos();
    lastProcessCpu = os.getProcessCpuTime();
    lastTargetCpu = targetCpuNanos();
    timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
  }

  private synchronized void onGc(CompositeData data) {
    GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(data);
    long start = ManagementFactory.getRuntimeMXBean().getStartTime() + info.getGcInfo().getStartTime();
    try {
      pauses.row(start, info.getGcInfo().getDuration(), info.getGcName().replace(',', ' '), info.getGcAction().replace(',', ' '));
    } catch (IOException ignored) {
      // a lost pause line must not stop the run; the sample rows still say how much GC there was
    }
  }

  private void sample() {
    try {
      long now = clock.nanos();
      double wall = (now - lastNanos) / 1e9;
      long processCpu = os.getProcessCpuTime();
      long targetCpu = targetCpuNanos();
      boolean inProcess = target != null && target.threadPrefix() != null;
      double targetPercent = target == null ? Double.NaN : (targetCpu - lastTargetCpu) / 1e9 / wall / cores * 100;
      double genPercent = ((processCpu - lastProcessCpu) - (inProcess ? targetCpu - lastTargetCpu : 0)) / 1e9 / wall / cores * 100;
      lastNanos = now;
      lastProcessCpu = processCpu;
      lastTargetCpu = targetCpu;
      MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
      long gcCount = 0;
      long gcMillis = 0;
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        gcCount += Math.max(0, gc.getCollectionCount());
        gcMillis += Math.max(0, gc.getCollectionTime());
      }
      String[] proc = target != null && target.pid() != null ? ProcStat.read(target.pid()) : new String[3];
      List<QueueTable.Row> queues = QueueTable.parse(queueTable == null ? null : queueTable.get());
      long[] queue = QueueTable.totals(queues);
      String elapsed = String.format(Locale.ROOT, "%.3f", clock.elapsedMs(now) / 1000);
      String timestamp = clock.iso(now);
      try {
        serverQueues.write(elapsed, timestamp, queues);
      } catch (IOException e) {
        failures.failed(ServerQueuesFile.FILE, e);
      }
      List<Object> row = new ArrayList<>(List.of(elapsed, timestamp, String.format(Locale.ROOT, "%.2f", Math.max(0, genPercent)),
          heap.getUsed() >> 20, heap.getMax() >> 20, gcCount, gcMillis, threads.getThreadCount()));
      row.add(Double.isNaN(targetPercent) ? null : String.format(Locale.ROOT, "%.2f", Math.max(0, targetPercent)));
      row.addAll(Arrays.asList(proc));
      for (long q : queue) {
        row.add(ServerQueuesFile.count(q));
      }
      synchronized (this) {
        rows.row(row.toArray());
        rows.flush();
        pauses.flush();
      }
    } catch (IOException e) {
      failures.failed(FILE + " or " + GC_FILE, e);
    } catch (RuntimeException e) {
      // a failed sample leaves a gap; sampling goes on
    }
  }

  /** CPU time of the target: its threads in this JVM, or its process from /proc (clock ticks of 10 ms). */
  private long targetCpuNanos() {
    if (target == null) {
      return 0;
    }
    if (target.pid() != null) {
      return ProcStat.cpuNanos(target.pid());
    }
    long total = 0;
    for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith(target.threadPrefix())) {
        total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return total;
  }

  /** Stops sampling after one last sample, so that the files end with the state at the close. */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    sample();
    synchronized (this) {
      for (NotificationEmitter emitter : emitters) {
        try {
          emitter.removeNotificationListener(gcListener);
        } catch (javax.management.ListenerNotFoundException ignored) {
          // already gone
        }
      }
      try {
        rows.close();
        pauses.close();
        serverQueues.close();
      } catch (IOException ignored) {
        // the rows written so far are flushed already
      }
    }
  }
}
