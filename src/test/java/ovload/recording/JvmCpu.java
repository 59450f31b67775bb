package ovload.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A JVM's CPU time from /proc, split into the JIT compiler's threads and the rest, for benchmarks
 * that measure per-request cost in JVMs still warming up. A compiler thread may end (HotSpot starts
 * and stops them as the queue needs), taking its time out of the task list while the process total
 * keeps it: {@code jitSeen} (thread id to its last CPU time) remembers them.
 */
public final class JvmCpu {
  private JvmCpu() {}

  /** {all threads' CPU nanoseconds, the JIT's} of a process, now. */
  public static long[] of(long pid, Map<Long, Long> jitSeen) {
    long total = ProcStat.cpuNanos(pid);
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
            jitSeen.merge(Long.parseLong(task.getFileName().toString()), ProcStat.cpuNanos(task.resolve("stat")), Math::max);
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      });
    } catch (IOException e) {
      // the process is gone: its last sample stands
    }
    long jit = jitSeen.values().stream().mapToLong(Long::longValue).sum();
    return new long[] {total, Math.min(jit, total)};
  }

  /**
   * The CPU nanoseconds of a process's live threads whose name starts with each prefix, in order
   * (a thread counts for the first that matches): where a JVM's time goes, for benchmarks.
   */
  public static long[] byThreadName(long pid, String... prefixes) {
    long[] nanos = new long[prefixes.length];
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      tasks.forEach(task -> {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          for (int i = 0; i < prefixes.length; i++) {
            if (name.startsWith(prefixes[i])) {
              nanos[i] += ProcStat.cpuNanos(task.resolve("stat"));
              return;
            }
          }
        } catch (IOException | RuntimeException e) {
          // the thread ended between the listing and the read
        }
      });
    } catch (IOException e) {
      // the process is gone
    }
    return nanos;
  }
}
