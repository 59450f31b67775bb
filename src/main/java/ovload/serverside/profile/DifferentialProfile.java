package ovload.serverside.profile;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two phases' profiles side by side (retrieval alone, then mixed): each thread kind's busy share in
 * both, and the functions whose share of busy samples grew most from the first to the second, each
 * with its share in both.
 */
public record DifferentialProfile(List<KindChange> kinds, List<FunctionChange> topGrowth) {
  public static final int TOP = 10;

  /** A thread kind's busy share (0..1) before and after; null where the phase had no sample of it. */
  public record KindChange(ThreadKind kind, Double before, Double after) {}

  /** A function's share of busy samples (0..1) before and after. */
  public record FunctionChange(String function, double before, double after) {
    public double growth() {
      return after - before;
    }
  }

  public static DifferentialProfile of(ProfileSummary before, ProfileSummary after) {
    List<KindChange> kinds = new ArrayList<>();
    for (ThreadKind kind : ThreadKind.values()) {
      Double b = before.busyShareByKind().get(kind);
      Double a = after.busyShareByKind().get(kind);
      if (b != null || a != null) {
        kinds.add(new KindChange(kind, b, a));
      }
    }
    Set<String> functions = new HashSet<>(before.functionShare().keySet());
    functions.addAll(after.functionShare().keySet());
    List<FunctionChange> changes = new ArrayList<>();
    for (String f : functions) {
      FunctionChange c = new FunctionChange(f, before.functionShare().getOrDefault(f, 0.0), after.functionShare().getOrDefault(f, 0.0));
      if (c.growth() > 0) {
        changes.add(c);
      }
    }
    changes.sort(Comparator.comparingDouble(FunctionChange::growth).reversed().thenComparing(FunctionChange::function));
    return new DifferentialProfile(kinds, List.copyOf(changes.subList(0, Math.min(TOP, changes.size()))));
  }

  /** The kind whose busy share grew most, or null when none grew. */
  public KindChange mostGrown() {
    KindChange best = null;
    for (KindChange k : kinds) {
      if (k.before() != null && k.after() != null && k.after() > k.before()
          && (best == null || k.after() - k.before() > best.after() - best.before())) {
        best = k;
      }
    }
    return best;
  }

  public Map<ThreadKind, KindChange> byKind() {
    Map<ThreadKind, KindChange> out = new java.util.EnumMap<>(ThreadKind.class);
    kinds.forEach(k -> out.put(k.kind(), k));
    return out;
  }
}
