package ovload.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import ovload.support.Json;

/**
 * Each phase's span for {@code phases.json}: from the first of its users starting to the last one
 * finishing. Several Gatling scenarios may make one phase (add_resources and its wait_processed).
 */
public final class PhaseTracker {
  public static final String FILE = "phases.json";

  private static final class Span {
    final String adapter;
    final String scenario;
    long firstStart = Long.MAX_VALUE;
    long lastEnd = Long.MIN_VALUE;

    Span(String adapter, String scenario) {
      this.adapter = adapter;
      this.scenario = scenario;
    }
  }

  private final Map<String, Span> spans = new LinkedHashMap<>();
  private final RunClock clock;
  private final BiConsumer<String, String> onPhaseStart;

  /** @param onPhaseStart told (adapter, scenario) once, when a phase's first user starts */
  public PhaseTracker(RunClock clock, BiConsumer<String, String> onPhaseStart) {
    this.clock = clock;
    this.onPhaseStart = onPhaseStart;
  }

  public synchronized void userStarted(String adapter, String scenario) {
    String key = adapter + "\n" + scenario;
    if (!spans.containsKey(key)) {
      onPhaseStart.accept(adapter, scenario);
    }
    Span span = spans.computeIfAbsent(key, k -> new Span(adapter, scenario));
    span.firstStart = Math.min(span.firstStart, clock.nanos());
  }

  public synchronized void userFinished(String adapter, String scenario) {
    Span span = spans.get(adapter + "\n" + scenario);
    if (span != null) {
      span.lastEnd = Math.max(span.lastEnd, clock.nanos());
    }
  }

  /** The phases that have ended, in the order they started. */
  public synchronized List<PhaseRecord> phases() {
    List<PhaseRecord> out = new ArrayList<>();
    for (Span s : spans.values()) {
      if (s.lastEnd == Long.MIN_VALUE) {
        continue;
      }
      out.add(new PhaseRecord(s.adapter, s.scenario, clock.iso(s.firstStart), clock.iso(s.lastEnd),
          (s.lastEnd - s.firstStart) / 1e9));
    }
    return out;
  }

  public void write(Path runDir) throws IOException {
    Json.PRETTY.writeValue(runDir.resolve(FILE).toFile(), phases());
  }
}
