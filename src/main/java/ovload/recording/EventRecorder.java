package ovload.recording;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import ovload.support.Json;

/**
 * Writes {@code request_events.jsonl} and {@code task_events.jsonl}. Callers (Gatling's event loop,
 * adapter threads) only enqueue; one writer thread serialises and appends in batches, every 50 ms,
 * flushing each batch, so a crash or interrupt loses at most what was not yet dequeued, and {@link
 * #close()} (also run from the shutdown hook) drains that too. A file that cannot be written (a full
 * disk) is a {@link WriteFailures} cause, said when it happens; its later events are dropped.
 */
public final class EventRecorder implements AutoCloseable {
  public static final String REQUEST_EVENTS = "request_events.jsonl";
  public static final String TASK_EVENTS = "task_events.jsonl";
  private static final Object STOP = new Object();
  private static final int BATCH = 4096;
  /**
   * How long events gather between batches: the writer then wakes, serialises and flushes once per
   * batch, with its caches warm, not once per event (measured: 28 us of CPU per event at 2,000
   * events a second when it woke for each, a sixth of the load generator's CPU per request).
   */
  private static final long GATHER_MILLIS = 50;

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private final JsonGenerator requests;
  private final JsonGenerator tasks;
  /** Where rehearsed events go: serialised as the others, into nothing. */
  private final JsonGenerator rehearsals;
  /**
   * Each event straight into its file's UTF-8 generator, no string in between (0.15-0.3 us less per
   * event, measured); the writer flushes once per batch, not per value. Request events, one per
   * request, write themselves field by field ({@link RequestEvent#writeTo}); task events go through
   * the mapper.
   */
  private final ObjectWriter json = Json.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
  private final Thread writer;
  private final AtomicLong requestCount = new AtomicLong();
  private final AtomicLong taskCount = new AtomicLong();
  private final WriteFailures failures;
  /** Files that failed: nothing more goes to them (writer thread, then close). */
  private final Set<JsonGenerator> lost = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  public EventRecorder(Path runDir, WriteFailures failures) {
    this.failures = failures;
    try {
      Files.createDirectories(runDir);
      requests = open(runDir.resolve(REQUEST_EVENTS));
      tasks = open(runDir.resolve(TASK_EVENTS));
      rehearsals = generator(OutputStream.nullOutputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open event files in " + runDir, e);
    }
    writer = new Thread(this::drainLoop, "ovload-event-writer");
    writer.setDaemon(true);
    writer.start();
  }

  private JsonGenerator open(Path file) throws IOException {
    return generator(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
  }

  private JsonGenerator generator(OutputStream out) throws IOException {
    JsonGenerator generator = json.createGenerator(out, JsonEncoding.UTF8);
    generator.setRootValueSeparator(null); // each line ends with the newline written after its value
    return generator;
  }

  public void record(RequestEvent event) {
    requestCount.incrementAndGet();
    queue.add(event);
  }

  /**
   * An event whose last fields are read on the writer thread (the server's telemetry, {@link
   * ServerTiming#deferred}), off the thread that finished the request.
   */
  public void record(Supplier<RequestEvent> event) {
    requestCount.incrementAndGet();
    queue.add(event);
  }

  /**
   * A warm-up's event: read and serialised on the writer thread as a recorded one is, then
   * dropped, uncounted, so that the writer's code is compiled before the first measured event.
   */
  public void rehearse(Supplier<RequestEvent> event) {
    queue.add(new Rehearsal(event));
  }

  private record Rehearsal(Supplier<RequestEvent> event) {}

  public void record(TaskEvent event) {
    taskCount.incrementAndGet();
    queue.add(event);
  }

  public long requestCount() {
    return requestCount.get();
  }

  public long taskCount() {
    return taskCount.get();
  }

  private void drainLoop() {
    List<Object> batch = new ArrayList<>(BATCH);
    try {
      while (true) {
        Object first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, BATCH - 1);
        boolean stop = writeBatch(batch);
        boolean full = batch.size() == BATCH;
        batch.clear();
        if (stop) {
          return;
        }
        if (!full) {
          Thread.sleep(GATHER_MILLIS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean writeBatch(List<Object> batch) {
    boolean stop = false;
    for (Object item : batch) {
      if (item == STOP) {
        stop = true;
      } else {
        Object event = item instanceof Rehearsal rehearsal ? rehearsal.event().get()
            : item instanceof Supplier<?> finished ? finished.get() : item;
        JsonGenerator target = item instanceof Rehearsal ? rehearsals : event instanceof TaskEvent ? tasks : requests;
        if (!lost.contains(target)) {
          try {
            if (event instanceof RequestEvent request) {
              request.writeTo(target);
            } else {
              json.writeValue(target, event);
            }
            target.writeRaw('\n');
          } catch (IOException e) {
            fail(target, e);
          }
        }
      }
    }
    flush(requests);
    flush(tasks);
    flush(rehearsals);
    return stop;
  }

  private void flush(JsonGenerator target) {
    if (!lost.contains(target)) {
      try {
        target.flush();
      } catch (IOException e) {
        fail(target, e);
      }
    }
  }

  private void fail(JsonGenerator target, IOException e) {
    lost.add(target);
    failures.failed(target == tasks ? TASK_EVENTS : REQUEST_EVENTS, e);
  }

  /** Writes everything enqueued so far and closes the files; safe to call more than once. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.add(STOP);
    try {
      writer.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (JsonGenerator target : List.of(requests, tasks, rehearsals)) {
      try {
        target.close();
      } catch (IOException e) {
        if (!lost.contains(target)) {
          fail(target, e);
        }
      }
    }
  }
}
