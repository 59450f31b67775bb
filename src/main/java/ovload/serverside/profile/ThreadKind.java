package ovload.serverside.profile;

import java.util.Set;

/**
 * What a server thread is for, from its name, and whether a sample caught it parked rather than
 * working. OpenViking 0.5.2 (Python): the event loop is {@code MainThread} (uvicorn's loop) and any
 * {@code (run_forever)} thread, the queue workers {@code Thread-N (_queue_worker_loop)}, the executor
 * threads {@code asyncio_N} (the loop's default executor) and {@code ThreadPoolExecutor-*}. The
 * stand-in (Java): {@code standin-io-*} (Netty's loop), {@code standin-http-*} (handlers), other
 * {@code standin-*} pools (its queues).
 */
public enum ThreadKind {
  EVENT_LOOP("event loop"),
  QUEUE_WORKERS("queue workers"),
  EXECUTOR("executor threads"),
  OTHER("other threads");

  /**
   * The last name of a parked thread's leaf function: waiting in select/epoll, on a condition, an
   * event, a monitor or a lock ({@code wait}, {@code park}), asleep, in {@code accept}.
   */
  private static final Set<String> PARKED = Set.of("select", "poll", "epoll_wait", "wait", "wait0", "sleep", "park", "accept");

  private final String label;

  ThreadKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static ThreadKind of(String threadName) {
    if (threadName.equals("MainThread") || threadName.contains("(run_forever)") || threadName.startsWith("standin-io")) {
      return EVENT_LOOP;
    }
    if (threadName.contains("_queue_worker_loop")) {
      return QUEUE_WORKERS;
    }
    if (threadName.startsWith("asyncio_") || threadName.startsWith("ThreadPoolExecutor") || threadName.startsWith("standin-http")) {
      return EXECUTOR;
    }
    if (threadName.startsWith("standin-") && !threadName.startsWith("standin-requeue")) {
      return QUEUE_WORKERS;
    }
    return OTHER;
  }

  /**
   * Whether a stack's leaf frame ({@code function (file:line)}) is a parked thread's: {@link #PARKED},
   * a queue's {@code get}, or a pool worker blocked in the C {@code queue.get}, which py-spy shows as
   * its {@code _worker} frame; a thread with no frame of its own (native only) counts as parked.
   */
  public static boolean parked(String leafFrame) {
    if (leafFrame.startsWith("thread (")) {
      return true;
    }
    int paren = leafFrame.indexOf(" (");
    String function = paren < 0 ? leafFrame : leafFrame.substring(0, paren);
    String location = paren < 0 ? "" : leafFrame.substring(paren + 2);
    String last = function.substring(function.lastIndexOf('.') + 1);
    return PARKED.contains(last) || function.endsWith("Queue.get")
        || (function.equals("_worker") && location.startsWith("concurrent/futures/thread.py"));
  }
}
