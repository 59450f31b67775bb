package ovload.serverside.profile;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One phase's profile in figures: for each thread kind the share of its samples that caught it
 * busy (not parked, {@link ThreadKind#parked}), and for each function the share of all busy samples
 * whose stack holds it (inclusive: a function counts once per sample, wherever it sits on the
 * stack), its thread's entry plumbing ({@link #plumbing}) and generic runners ({@link #dispatch})
 * left out. A function is named without its line, {@code name (file)}, so that its lines add up.
 *
 * @param busyShareByKind busy samples / all samples of the kind, 0..1; a kind with no samples is absent
 * @param functionShare busy samples holding the function / all busy samples, 0..1
 */
public record ProfileSummary(long samples, long busySamples, Map<ThreadKind, Double> busyShareByKind,
    Map<String, Double> functionShare) {

  public static ProfileSummary of(Map<String, Long> stacks) {
    Map<String, Set<String>> plumbing = plumbing(stacks);
    Map<ThreadKind, long[]> kinds = new EnumMap<>(ThreadKind.class);
    Map<String, Long> functions = new HashMap<>();
    long samples = 0;
    long busy = 0;
    for (Map.Entry<String, Long> e : stacks.entrySet()) {
      List<String> frames = CollapsedStacks.frames(e.getKey());
      long n = e.getValue();
      String thread = CollapsedStacks.threadName(frames.get(0));
      long[] counts = kinds.computeIfAbsent(ThreadKind.of(thread), k -> new long[2]);
      counts[0] += n;
      samples += n;
      if (ThreadKind.parked(frames.get(frames.size() - 1))) {
        continue;
      }
      counts[1] += n;
      busy += n;
      Set<String> seen = new HashSet<>();
      Set<String> entry = plumbing.get(frames.get(0));
      for (int i = 1; i < frames.size(); i++) {
        String function = withoutLine(frames.get(i));
        // the leaf is named even when it is the thread's entry plumbing (a stack cut short), but
        // never when it is a runner: there it runs a job in native code it has no frame for, and the
        // sample counts as busy without naming a function
        boolean leaf = i == frames.size() - 1;
        if ((leaf ? !dispatch(function) : !entry.contains(function) && !dispatch(function)) && seen.add(function)) {
          functions.merge(function, n, Long::sum);
        }
      }
    }
    Map<ThreadKind, Double> shares = new EnumMap<>(ThreadKind.class);
    kinds.forEach((kind, c) -> shares.put(kind, c[1] / (double) c[0]));
    Map<String, Double> functionShare = new HashMap<>();
    long busyTotal = busy;
    functions.forEach((f, n) -> functionShare.put(f, n / (double) busyTotal));
    return new ProfileSummary(samples, busy, shares, functionShare);
  }

  /**
   * Generic runners: the frames of an executor, a thread or an event loop that run whatever job they
   * were handed (Python's, anyio's worker threads', the JVM's pools'). They are plumbing, not a cause,
   * wherever they are: an executor thread is mostly parked, so they are not on 90 % of its samples and
   * the plumbing rule misses them, and a runner at the leaf (a job in native code) would otherwise
   * grow with every such job and top the comparison, hiding the function that grew. OpenViking's
   * tracing decorator's wrappers are the same kind: they wrap whatever function is traced (a search's
   * embedding and a commit's memory extraction alike).
   */
  private static final Set<String> DISPATCH = Set.of("Thread.run (threading.py)", "Thread._bootstrap (threading.py)",
      "Thread._bootstrap_inner (threading.py)", "_WorkItem.run (concurrent/futures/thread.py)",
      "_worker (concurrent/futures/thread.py)", "WorkerThread.run (anyio/_backends/_asyncio.py)",
      "Handle._run (asyncio/events.py)", "BaseEventLoop._run_once (asyncio/base_events.py)",
      "BaseEventLoop.run_forever (asyncio/base_events.py)", "BaseEventLoop.run_until_complete (asyncio/base_events.py)",
      "Thread.run (java/lang/Thread.java)", "ThreadPoolExecutor$Worker.run (java/util/concurrent/ThreadPoolExecutor$Worker.java)",
      "ThreadPoolExecutor.runWorker (java/util/concurrent/ThreadPoolExecutor.java)", "FutureTask.run (java/util/concurrent/FutureTask.java)",
      "tracer.__call__.<locals>.async_wrapper (openviking/telemetry/tracer.py)",
      "tracer.__call__.<locals>.sync_wrapper (openviking/telemetry/tracer.py)");

  /** Whether a function (without its line) is a generic runner. */
  static boolean dispatch(String function) {
    return DISPATCH.contains(function);
  }

  /** A function on at least this share of a thread's samples is that thread's plumbing. */
  static final double PLUMBING_SHARE = 0.9;

  /**
   * For each thread (a stack's first frame), the functions on nearly every one of its samples, busy
   * or parked: the thread's entry plumbing ({@code Thread._bootstrap}, the server's main, a worker's
   * loop), which would otherwise top every comparison of busy shares whenever that thread works
   * more. "Nearly", because py-spy's {@code --nonblocking} now and then reads a stack cut short.
   */
  static Map<String, Set<String>> plumbing(Map<String, Long> stacks) {
    Map<String, Long> threadSamples = new HashMap<>();
    Map<String, Map<String, Long>> onStack = new HashMap<>();
    for (Map.Entry<String, Long> e : stacks.entrySet()) {
      List<String> frames = CollapsedStacks.frames(e.getKey());
      threadSamples.merge(frames.get(0), e.getValue(), Long::sum);
      Map<String, Long> counts = onStack.computeIfAbsent(frames.get(0), k -> new HashMap<>());
      new HashSet<>(frames.stream().map(ProfileSummary::withoutLine).toList()).forEach(f -> counts.merge(f, e.getValue(), Long::sum));
    }
    Map<String, Set<String>> out = new HashMap<>();
    onStack.forEach((thread, counts) -> {
      Set<String> set = new HashSet<>();
      counts.forEach((f, n) -> {
        if (n >= PLUMBING_SHARE * threadSamples.get(thread)) {
          set.add(f);
        }
      });
      out.put(thread, set);
    });
    return out;
  }

  /** {@code f (file.py:12)} → {@code f (file.py)}. */
  static String withoutLine(String frame) {
    return frame.replaceFirst(":\\d+\\)$", ")");
  }

  /**
   * A function as a reader knows it: {@code module.Class.function} for a Python file
   * ({@code compressor_v3.SessionCompressorV3._extract_user_memories}), the class and method for Java.
   */
  public static String display(String function) {
    int paren = function.indexOf(" (");
    if (paren < 0) {
      return function;
    }
    String name = function.substring(0, paren);
    String file = function.substring(paren + 2, function.length() - 1);
    if (file.endsWith(".py")) {
      String module = file.substring(file.lastIndexOf('/') + 1, file.length() - 3);
      return module + "." + name.replace(".<locals>", "");
    }
    return name;
  }
}
