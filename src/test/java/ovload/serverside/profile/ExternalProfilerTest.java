package ovload.serverside.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A profiler command is stopped with SIGINT even when the suite itself was started with SIGINT ignored. */
class ExternalProfilerTest {
  /** A profiler as a shell script: it writes its stacks when SIGINT comes, as py-spy does. */
  private static final String PROFILER = """
      trap 'echo "main;work 1" > "$1"; exit 0' INT
      : > "$1.started"
      while :; do sleep 0.05; done
      """;

  @TempDir Path dir;

  @Test
  void aScriptProfilerWritesItsStacksWhenStoppedFromASuiteThatIgnoresSigint() throws Exception {
    Path script = Files.writeString(dir.resolve("profiler.sh"), PROFILER);
    // as nohup or `&` in a CI script leave it: the suite's JVM, and so its children, ignore SIGINT
    Process suite = new ProcessBuilder("sh", "-c", "trap '' INT; exec \"$0\" -cp \"$1\" \"$2\" \"$3\" \"$4\"",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), System.getProperty("java.class.path"),
        Suite.class.getName(), script.toString(), dir.toString())
        .redirectErrorStream(true).start();
    assertTrue(suite.waitFor(60, TimeUnit.SECONDS), "the suite ended");
    String output = new String(suite.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, suite.exitValue(), output);
    assertEquals(List.of("main;work 1"), Files.readAllLines(dir.resolve("phase.collapsed")));
  }

  /** The suite's side: starts the profiler for a phase, waits until it runs, stops it. */
  public static final class Suite {
    public static void main(String[] args) throws Exception {
      Path dir = Path.of(args[1]);
      Profiler.Session session = ExternalProfiler.command("sh " + args[0] + " {collapsed}", null).start(dir, "phase");
      for (int i = 0; i < 200 && !Files.exists(dir.resolve("phase.collapsed.started")); i++) {
        Thread.sleep(50);
      }
      long start = System.nanoTime();
      session.stop();
      System.out.printf("stopped in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
  }
}
