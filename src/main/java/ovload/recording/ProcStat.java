package ovload.recording;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** An external process's CPU time, RSS, threads and open files, from Linux's {@code /proc/<pid>}. */
final class ProcStat {
  /** Linux's USER_HZ: /proc reports CPU time in ticks of 10 ms on every mainstream kernel. */
  private static final long TICK_NANOS = 10_000_000L;

  private ProcStat() {}

  static long cpuNanos(long pid) {
    return cpuNanos(Path.of("/proc/" + pid + "/stat"));
  }

  /** The CPU time in a {@code stat} file of /proc: a process's, or one thread's ({@code task/<tid>/stat}); 0 if unreadable. */
  static long cpuNanos(Path statFile) {
    try {
      String stat = Files.readString(statFile);
      // fields after the command name (which may hold spaces) start after the last ')'
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS; // utime, stime
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** RSS in MiB, threads, open files; nulls where unreadable. */
  static String[] read(long pid) {
    String[] values = new String[3];
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith("VmRSS:")) {
          values[0] = Long.toString(Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024);
        } else if (line.startsWith("Threads:")) {
          values[1] = line.replaceAll("[^0-9]", "");
        }
      }
      try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
        values[2] = Long.toString(fds.count());
      }
    } catch (IOException | RuntimeException e) {
      // the process is gone or not ours to read: empty cells
    }
    return values;
  }
}
