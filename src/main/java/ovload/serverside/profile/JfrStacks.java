package ovload.serverside.profile;

import java.io.IOException;
import java.nio.file.Path;
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
 */
public final class JfrStacks {
  private JfrStacks() {}

  public static Map<String, Long> collapse(Path recording, Predicate<String> threadName) throws IOException {
    Map<String, Long> stacks = new LinkedHashMap<>();
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      if (!type.equals("jdk.ExecutionSample") && !type.equals("jdk.NativeMethodSample")) {
        continue;
      }
      RecordedThread thread = event.getThread("sampledThread");
      RecordedStackTrace trace = event.getStackTrace();
      if (thread == null || trace == null) {
        continue;
      }
      String name = thread.getJavaName() == null ? thread.getOSName() : thread.getJavaName();
      if (name == null || !threadName.test(name)) {
        continue;
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
      stacks.merge(String.join(";", frames), 1L, Long::sum);
    }
    return stacks;
  }
}
