package ovload.standin.store;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import ovload.standin.http.StandInMetrics;
import ovload.support.DaemonThreads;

/**
 * Background work like the real server's: named queues, each a bounded worker pool, with task
 * records a client can poll, and the pending / in-progress / processed / requeued / error counts
 * the queue observer reports under the real server's queue names.
 */
public final class TaskBoard implements AutoCloseable {
  /** The observer's names of the two queues the stand-in works. */
  public static final String RESOURCE_QUEUE = "AddResource";
  public static final String COMMIT_QUEUE = "SessionCommit";
  /** How long a stuck queue's message waits before it is taken again. */
  private static final long REQUEUE_DELAY_MILLIS = 100;

  /** A task's work: returns its result, or throws to fail it. */
  public interface Work {
    Object run(Task task) throws Exception;
  }

  public static final class Task {
    private final String id = UUID.randomUUID().toString();
    private final String type;
    private final String tenant;
    private final String resourceId;
    private final double createdAt = System.currentTimeMillis() / 1000.0;
    private volatile double updatedAt = createdAt;
    private volatile String status = "pending";
    private volatile String stage = "queued";
    private volatile Object result;
    private volatile String error;
    private volatile Map<String, Object> meta = Map.of();
    private volatile double startedAt;

    Task(String type, String tenant, String resourceId) {
      this.type = type;
      this.tenant = tenant;
      this.resourceId = resourceId;
    }

    public synchronized void update(String newStatus, String newStage) {
      if (startedAt == 0 && newStatus.equals("running")) {
        startedAt = System.currentTimeMillis() / 1000.0;
      }
      status = newStatus;
      stage = newStage;
      updatedAt = Math.max(createdAt, System.currentTimeMillis() / 1000.0);
    }

    public String id() {
      return id;
    }

    /** {@code pending}, {@code running}, {@code completed} or {@code failed}. */
    public String status() {
      return status;
    }

    /** What the work returned, once completed. */
    public Object result() {
      return result;
    }

    /** Why it failed, once failed. */
    public String error() {
      return error;
    }

    /** The record's {@code meta}: {@code source_path} for a resource, empty otherwise (as OpenViking 0.5.2). */
    public void meta(Map<String, Object> value) {
      meta = value;
    }

    public boolean terminal() {
      return status.equals("completed") || status.equals("failed");
    }

    /** The task as GET /api/v1/tasks/{id} answers it, now. */
    public TaskRecord record() {
      // null until a worker takes it, as OpenViking 0.5.2 reports a queued task
      Double processing = startedAt == 0 ? null
          : Math.max(0, (terminal() ? updatedAt : System.currentTimeMillis() / 1000.0) - startedAt);
      return new TaskRecord(id, type, status, createdAt, updatedAt, processing, resourceId, meta, stage, result,
          error, iso(createdAt), iso(updatedAt));
    }

    private static String iso(double epochSeconds) {
      return Instant.ofEpochMilli((long) (epochSeconds * 1000)).toString();
    }
  }

  static final class Queue {
    final String name;
    final String observerName;
    final ExecutorService pool;
    final AtomicInteger pending = new AtomicInteger();
    final AtomicInteger inProgress = new AtomicInteger();
    /** Settled deliveries, requeues included, as the real server counts them. */
    final AtomicLong processed = new AtomicLong();
    final AtomicLong requeued = new AtomicLong();
    final AtomicLong errors = new AtomicLong();

    Queue(String name, String observerName, int workers) {
      this.name = name;
      this.observerName = observerName;
      this.pool = Executors.newFixedThreadPool(workers, DaemonThreads.named("standin-" + name));
    }

    boolean idle() {
      return pending.get() == 0 && inProgress.get() == 0;
    }
  }

  /** A task as its record reads, keys in 0.5.2's order; {@code result} is whatever the work returned. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record TaskRecord(String taskId, String taskType, String status, double createdAt, double updatedAt,
      Double processingSeconds, String resourceId, Map<String, Object> meta, String stage, Object result,
      String error, String createdAtIso, String updatedAtIso) {}

  /** One queue's settled counts as OpenViking 0.5.2 reports them ({@code errors} is always empty here). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record QueueCount(long processed, long requeueCount, long errorCount, List<String> errors) {}

  private static final long RETENTION_MILLIS = TimeUnit.HOURS.toMillis(1);
  private final Map<String, Task> tasks = new ConcurrentHashMap<>();
  private final Map<String, Queue> queues = new LinkedHashMap<>();
  private final Faults faults;
  private final String stuckQueue;
  private final ScheduledExecutorService requeues =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("standin-requeue"));
  private final Object idleMonitor = new Object();
  private final Map<String, AtomicLong> processedByType = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> errorsByType = new ConcurrentHashMap<>();

  /** @param stuckQueue the observer's name of a queue whose messages are requeued for ever; null for none */
  public TaskBoard(int resourceWorkers, int commitWorkers, Faults faults, String stuckQueue) {
    this.faults = faults;
    this.stuckQueue = stuckQueue;
    queues.put("resource", new Queue("resource", RESOURCE_QUEUE, resourceWorkers));
    queues.put("session_commit", new Queue("session_commit", COMMIT_QUEUE, commitWorkers));
  }

  private static String queueOf(String taskType) {
    return taskType.equals("session_commit") ? "session_commit" : "resource";
  }

  public Task submit(String type, String tenant, String resourceId, Work work) {
    Task task = new Task(type, tenant, resourceId);
    tasks.put(task.id, task);
    Queue queue = queues.get(queueOf(type));
    queue.pending.incrementAndGet();
    queue.pool.execute(() -> run(queue, task, work));
    return task;
  }

  /**
   * Records an operation that failed before any queue work (0.5.2 tracks such an operation as a
   * task that starts and fails at once, e.g. an rm refused as path_busy); no queue counts it.
   */
  public Task failed(String type, String tenant, String resourceId, String error) {
    Task task = new Task(type, tenant, resourceId);
    task.update("running", "running");
    task.error = error;
    task.update("failed", "failed");
    tasks.put(task.id, task);
    return task;
  }

  private void run(Queue queue, Task task, Work work) {
    if (queue.observerName.equals(stuckQueue)) {
      requeue(queue, task, work);
      return;
    }
    queue.pending.decrementAndGet();
    queue.inProgress.incrementAndGet();
    task.update("running", "processing");
    try {
      if (faults.taskFails()) {
        throw new IllegalStateException("injected task failure");
      }
      task.result = work.run(task);
      task.update("completed", "completed"); // a finished task's stage is its status, as OpenViking 0.5.2's
      queue.processed.incrementAndGet();
      processedByType.computeIfAbsent(task.type, t -> new AtomicLong()).incrementAndGet();
    } catch (Exception e) {
      task.error = e.getClass().getSimpleName() + ": " + e.getMessage();
      task.update("failed", "failed");
      queue.errors.incrementAndGet();
      errorsByType.computeIfAbsent(task.type, t -> new AtomicLong()).incrementAndGet();
    } finally {
      queue.inProgress.decrementAndGet();
      synchronized (idleMonitor) {
        idleMonitor.notifyAll();
      }
    }
  }

  /**
   * The stuck-queue fault: like OpenViking 0.5.2's session-commit processor when it cannot take a
   * commit yet, the message is settled as requeued (processed and requeued both count it) and put
   * back; it stays pending and its task never ends.
   */
  private void requeue(Queue queue, Task task, Work work) {
    queue.processed.incrementAndGet();
    queue.requeued.incrementAndGet();
    requeues.schedule(() -> queue.pool.execute(() -> run(queue, task, work)), REQUEUE_DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The task, or null if it does not exist for this identity or has expired. */
  public Task find(String tenant, String id) {
    Task task = tasks.get(id);
    return task == null || !task.tenant.equals(tenant) || expired(task) ? null : task;
  }

  private static boolean expired(Task task) {
    return task.terminal() && System.currentTimeMillis() - task.updatedAt * 1000 > RETENTION_MILLIS;
  }

  public List<TaskRecord> list(String tenant, String type, String status, String resourceId, int limit) {
    tasks.values().removeIf(TaskBoard::expired);
    List<TaskRecord> out = new ArrayList<>();
    tasks.values().stream()
        .filter(t -> t.tenant.equals(tenant))
        .filter(t -> type == null || t.type.equals(type))
        .filter(t -> status == null || t.status.equals(status))
        .filter(t -> resourceId == null || resourceId.equals(t.resourceId))
        .sorted(Comparator.comparingDouble((Task t) -> t.createdAt).reversed())
        .limit(limit)
        .forEach(t -> out.add(t.record()));
    return out;
  }

  /** Blocks until every queue is idle or the timeout passes; true when idle. */
  public boolean awaitIdle(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    synchronized (idleMonitor) {
      while (!queues.values().stream().allMatch(Queue::idle)) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        idleMonitor.wait(Math.min(left, 50));
      }
    }
    return true;
  }

  /** Tasks of a type that completed, and that failed. */
  private long processed(String taskType) {
    return processedByType.getOrDefault(taskType, new AtomicLong()).get();
  }

  private long errors(String taskType) {
    return errorsByType.getOrDefault(taskType, new AtomicLong()).get();
  }

  /** Requeued deliveries of the queue the observer names so (the stuck-queue fault's). */
  private long requeued(String observerName) {
    return queues.values().stream().filter(q -> q.observerName.equals(observerName)).mapToLong(q -> q.requeued.get()).sum();
  }

  /**
   * Processed and error counts under OpenViking 0.5.2's queue names, as system/wait and a waited
   * add or rm report them; rm's refresh runs on Semantic.
   */
  public Map<String, QueueCount> settledCounts(List<String> queueNames) {
    Map<String, QueueCount> result = new LinkedHashMap<>();
    for (String name : queueNames) {
      List<String> types = switch (name) {
        case "AddResource", "Embedding" -> List.of("add_resource");
        case "Semantic" -> List.of("add_resource", "fs_rm");
        case "SessionCommit" -> List.of("session_commit");
        default -> List.of();
      };
      result.put(name, new QueueCount(types.stream().mapToLong(this::processed).sum(), requeued(name),
          types.stream().mapToLong(this::errors).sum(), List.of()));
    }
    return result;
  }

  /** Whether any queue has had an error: the queue observer's {@code has_errors}. */
  public boolean anyErrors() {
    return queues.values().stream().anyMatch(q -> q.errors.get() > 0);
  }

  /** Tasks by status: pending, running, completed, failed. */
  public Map<String, Long> countsByStatus() {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String s : List.of("pending", "running", "completed", "failed")) {
      counts.put(s, tasks.values().stream().filter(t -> t.status.equals(s)).count());
    }
    return counts;
  }

  /** Each queue's pending, in-progress and processed counts under the real server's queue names, for {@code /metrics}. */
  public List<StandInMetrics.QueueGauge> queueGauges() {
    List<StandInMetrics.QueueGauge> out = new ArrayList<>();
    for (Queue q : queues.values()) {
      out.add(new StandInMetrics.QueueGauge(q.observerName, q.pending.get(), q.inProgress.get(), q.processed.get()));
    }
    return out;
  }

  /** The queue observer's text table, in the real server's format. */
  public String queueTable() {
    List<ObserverTable.Counts> counts = new ArrayList<>();
    for (Queue q : queues.values()) {
      counts.add(new ObserverTable.Counts(q.observerName, q.pending.get(), q.inProgress.get(), q.processed.get(),
          q.requeued.get(), q.errors.get()));
    }
    return ObserverTable.render(counts);
  }

  @Override
  public void close() {
    requeues.shutdownNow();
    queues.values().forEach(q -> q.pool.shutdownNow());
  }
}
