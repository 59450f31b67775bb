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
 * stack). A function is named without its line, {@code name (file)}, so that its lines add up.
 *
 * @param busyShareByKind busy samples / all samples of the kind, 0..1; a kind with no samples is absent
 * @param functionShare busy samples holding the function / all busy samples, 0..1
 */
public record ProfileSummary(long samples, long busySamples, Map<ThreadKind, Double> busyShareByKind,
    Map<String, Double> functionShare) {

  public static ProfileSummary of(Map<String, Long> stacks) {
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
      for (String frame : frames.subList(frames.get(0).startsWith("thread (") ? 1 : 0, frames.size())) {
        String function = withoutLine(frame);
        if (seen.add(function)) {
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

  /** {@code f (file.py:12)} → {@code f (file.py)}. */
  static String withoutLine(String frame) {
    return frame.replaceFirst(":\\d+\\)$", ")");
  }

  /** A function as a reader knows it: {@code module.function} ({@code compressor_v3._extract_user_memories}) for a Python file, the class and method for Java. */
  public static String display(String function) {
    int paren = function.indexOf(" (");
    if (paren < 0) {
      return function;
    }
    String name = function.substring(0, paren);
    String file = function.substring(paren + 2, function.length() - 1);
    if (file.endsWith(".py")) {
      String module = file.substring(file.lastIndexOf('/') + 1, file.length() - 3);
      return module + "." + name.substring(name.lastIndexOf('.') + 1);
    }
    return name;
  }
}
