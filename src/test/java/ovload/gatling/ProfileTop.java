package ovload.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;
import ovload.support.Json;

/**
 * The top of a Java Flight Recorder profile of Gatling's JVM during one phase of a run: where the
 * generator's threads spent their CPU samples ({@code jdk.ExecutionSample}), by thread, by the
 * method on top of the stack (self) and by the methods anywhere on it (total), the project's own
 * ({@code ovload.}) apart. A benchmark's reader, not a test:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/ov.classpath) ovload.gatling.ProfileTop \
 *     RUN.jfr RUN_FOLDER retrieval [rows]
 * </pre>
 *
 * The phase's span is read from the run folder's {@code phases.json}. The JIT compiler's threads run
 * native code and are never in these samples: scripts/generator-cost.sh counts their CPU apart.
 */
public final class ProfileTop {
  private ProfileTop() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 3) {
      System.err.println("usage: ProfileTop RUN.jfr RUN_FOLDER PHASE [rows]");
      System.exit(2);
    }
    Instant[] span = span(Path.of(args[1]), args[2]);
    int rows = args.length > 3 ? Integer.parseInt(args[3]) : 25;
    Map<String, Integer> threads = new HashMap<>();
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> total = new HashMap<>();
    Map<String, Integer> ours = new HashMap<>();
    int samples = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
      if (!event.getEventType().getName().equals("jdk.ExecutionSample")
          || event.getStartTime().isBefore(span[0]) || event.getStartTime().isAfter(span[1])) {
        continue;
      }
      RecordedStackTrace stack = event.getStackTrace();
      if (stack == null || stack.getFrames().isEmpty()) {
        continue;
      }
      samples++;
      String thread = event.getThread("sampledThread").getJavaName();
      threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
      List<RecordedFrame> frames = stack.getFrames();
      self.merge(name(frames.get(0)), 1, Integer::sum);
      Set<String> seen = new HashSet<>();
      for (RecordedFrame frame : frames) {
        String method = name(frame);
        if (seen.add(method)) {
          total.merge(method, 1, Integer::sum);
          if (method.startsWith("ovload.")) {
            ours.merge(method, 1, Integer::sum);
          }
        }
      }
    }
    System.out.printf("%s %s: %d samples from %s to %s%n", args[0], args[2], samples, span[0], span[1]);
    print("threads", threads, samples, rows);
    print("self (top of stack)", self, samples, rows);
    print("total (anywhere on the stack)", total, samples, rows);
    print("ovload's own methods (total)", ours, samples, rows);
  }

  private static String name(RecordedFrame frame) {
    return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
  }

  private static Instant[] span(Path runDir, String phase) throws IOException {
    for (JsonNode p : Json.MAPPER.readTree(Files.readString(runDir.resolve("phases.json")))) {
      if (p.path("scenario").asText().equals(phase)) {
        return new Instant[] {Instant.parse(p.path("started_at").asText()), Instant.parse(p.path("ended_at").asText())};
      }
    }
    throw new IllegalArgumentException("no phase " + phase + " in " + runDir.resolve("phases.json"));
  }

  private static void print(String title, Map<String, Integer> counts, int samples, int rows) {
    System.out.println("-- " + title);
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(rows)
        .forEach(e -> System.out.printf("%6.1f %%  %6d  %s%n", 100.0 * e.getValue() / samples, e.getValue(), e.getKey()));
  }
}
