package ovload.serverside.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A Java Flight Recorder recording's stack samples as collapsed stacks, in py-spy's form with
 * {@code --threads}: {@code thread (id): name;Class.method (pkg/Class.java:line);...}. Execution
 * samples catch threads running Java code, native method samples threads in native code (mostly
 * parked in epoll or a socket read), so both together let busy shares be counted; threads parked in
 * Java ({@code Unsafe.park}) are sampled by neither, so a JFR busy share is of the sampled time.
 * A recording that spans several phases is cut into them by each sample's timestamp: a dump holds
 * whole chunks, which reach past the span it was asked for.
 */
public final class JfrStacks {
  private JfrStacks() {}

  /** A phase's span and where its stacks go. */
  public record Window(Path collapsed, Instant from, Instant to) {
    boolean holds(Instant t) {
      return !t.isBefore(from) && t.isBefore(to);
    }
  }

  /**
   * Each window's stacks, in the windows' order: the samples of the named threads taken within it
   * (from its start, inclusive, to its end), read in one pass over the recording.
   */
  public static List<Map<String, Long>> collapse(Path recording, Predicate<String> threadName, List<Window> windows)
      throws IOException {
    List<Map<String, Long>> stacks = new ArrayList<>();
    windows.forEach(w -> stacks.add(new LinkedHashMap<>()));
    try (RecordingFile file = new RecordingFile(recording)) {
      while (file.hasMoreEvents()) {
        RecordedEvent event = file.readEvent();
        String type = event.getEventType().getName();
        if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
          continue;
        }
        List<Map<String, Long>> into = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
          if (windows.get(i).holds(event.getStartTime())) {
            into.add(stacks.get(i));
          }
        }
        String stack = into.isEmpty() ? null : stack(event, threadName);
        if (stack != null) {
          into.forEach(m -> m.merge(stack, 1L, Long::sum));
        }
      }
    }
    return stacks;
  }

  /** One sample as a collapsed stack, or null when it has none or is of a thread not asked for. */
  private static String stack(RecordedEvent event, Predicate<String> threadName) {
    RecordedThread thread = event.getThread("sampledThread");
    RecordedStackTrace trace = event.getStackTrace();
    if (thread == null || trace == null) {
      return null;
    }
    String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
    if (name == null || !threadName.test(name)) {
      return null;
    }
    List<String> frames = new ArrayList<>();
    for (RecordedFrame f : trace.getFrames()) {
      // a hidden class (a lambda's) carries its address: "Foo$$Lambda/0x0000...", named here without it
      String cls = f.getMethod().getType().getName().replaceFirst("/0x[0-9a-f]+$", "");
      frames.add(cls.substring(cls.lastIndexOf('.') + 1) + "." + f.getMethod().getName()
          + " (" + cls.replace('.', '/') + ".java:" + f.getLineNumber() + ")");
    }
    Collections.reverse(frames);
    frames.add(0, "thread (" + thread.getJavaThreadId() + "): " + name);
    return String.join(";", frames);
  }
}
