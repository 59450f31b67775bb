package ovload.serverside.profile;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Collapsed stacks, the form of py-spy's {@code --format raw} and of Brendan Gregg's flame graph
 * tools: one line per distinct stack, its frames from the root to the leaf joined by {@code ;},
 * then a space and how many samples had it. With py-spy's {@code --threads} the first frame names
 * the thread ({@code thread (1234): MainThread}); the JFR conversion writes it the same way.
 */
public final class CollapsedStacks {
  private CollapsedStacks() {}

  public static Map<String, Long> read(Path file) throws IOException {
    Map<String, Long> stacks = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int space = line.lastIndexOf(' ');
      if (space <= 0) {
        continue;
      }
      try {
        stacks.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1).strip()), Long::sum);
      } catch (NumberFormatException e) {
        // not a stack line
      }
    }
    return stacks;
  }

  public static void write(Path file, Map<String, Long> stacks) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, Long> e : stacks.entrySet()) {
        out.write(e.getKey() + " " + e.getValue() + "\n");
      }
    }
  }

  /** A stack's frames, root first. */
  public static List<String> frames(String stack) {
    return List.of(stack.split(";"));
  }

  /** The thread a stack's first frame names ({@code thread (1234): name} → {@code name}), or "" when it names none. */
  public static String threadName(String firstFrame) {
    if (!firstFrame.startsWith("thread (")) {
      return "";
    }
    int colon = firstFrame.indexOf("): ");
    return colon < 0 ? "" : firstFrame.substring(colon + 3);
  }
}
