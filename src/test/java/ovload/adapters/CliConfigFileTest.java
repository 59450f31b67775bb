package ovload.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ovcli.conf holds the key: a run killed before it could delete it leaves it for the next run to remove. */
class CliConfigFileTest {
  @TempDir Path runtime;

  @Test
  void theNextRunRemovesTheFilesOfDeadJvmsAndKeepsTheLiveOnes() throws Exception {
    Process dead = new ProcessBuilder("true").start();
    dead.waitFor();
    Path killed = CliConfigFile.write(runtime.resolve("r1." + dead.pid() + ".ovcli.conf"), "http://x", "k", "a", "u", 1);
    Path older = CliConfigFile.write(runtime.resolve("r0.ovcli.conf"), "http://x", "k", "a", "u", 1);
    Path live = CliConfigFile.write(CliConfigFile.path(runtime, "r2"), "http://x", "k", "a", "u", 1);
    Path other = Files.writeString(runtime.resolve("notes.txt"), "x");
    assertTrue(live.getFileName().toString().equals("r2." + ProcessHandle.current().pid() + ".ovcli.conf"));

    CliConfigFile.removeStale(runtime);

    try (Stream<Path> left = Files.list(runtime)) {
      assertEquals(List.of(live, other).stream().sorted().toList(), left.sorted().toList(),
          "gone: " + killed + " and " + older);
    }
  }
}
