package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.tools.StandInCommand;

/** The stand-in as a child JVM: up on a free port, its key off the command line, and never outliving its parent. */
class StandInProcessTest {
  private static final String KEY = "child-key-" + System.nanoTime();

  @Test
  void startsAnswersWithItsKeyFromTheEnvironmentAndStops() throws Exception {
    StandInConfig config = StandInConfig.defaults().withPort(0).withApiKey(KEY).withModelMode(ModelMode.INSTANT);
    // cold: what this test checks does not need the warm-up (the smoke run's stand-in does it)
    StandInProcess child = StandInProcess.start(config, false, false, 60);
    try {
      assertTrue(child.baseUrl().matches("http://127\\.0\\.0\\.1:\\d+"), child.baseUrl());
      assertTrue(child.pid() != ProcessHandle.current().pid());
      try (OpenVikingClient client = new OpenVikingClient(new ClientSettings(child.baseUrl(), KEY, "default", "default",
          Duration.ofSeconds(10), Map.of()))) {
        client.health();
        client.mkdir("viking://resources/child-check");
      }
      String commandLine = Files.readString(Path.of("/proc/" + child.pid() + "/cmdline")).replace('\0', ' ');
      assertTrue(commandLine.contains(StandInCommand.class.getName()), commandLine);
      assertFalse(commandLine.contains(KEY), "the key is not on the child's command line: " + commandLine);
      assertTrue(commandLine.contains("--warm-up false"), commandLine);
      assertTrue(Files.readString(Path.of("/proc/" + child.pid() + "/status")).contains("VmRSS"),
          "the child is a process the /proc sampler can read");
    } finally {
      child.close();
    }
    assertFalse(child.alive(), "close() stops the child");
  }

  @Test
  void theChildDiesWithItsParentEvenOnSigkill() throws Exception {
    Process parent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StandInParent.class.getName())
        .redirectErrorStream(true).start();
    long childPid;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      String line = out.readLine();
      assertTrue(line != null && line.startsWith("child "), String.valueOf(line));
      childPid = Long.parseLong(line.substring("child ".length()).trim());
      Optional<ProcessHandle> child = ProcessHandle.of(childPid);
      assertTrue(child.isPresent() && child.get().isAlive(), "the child runs while its parent does");
      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      assertTrue(parent.waitFor(10, TimeUnit.SECONDS));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (child.get().isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertFalse(child.get().isAlive(), "the child exits when its parent is killed");
    } finally {
      parent.destroyForcibly();
    }
    assertEquals(List.of(), ProcessHandle.of(childPid).filter(ProcessHandle::isAlive).stream().toList());
  }

  /** A parent to kill: starts a child stand-in, prints its pid, waits. */
  public static final class StandInParent {
    public static void main(String[] args) throws Exception {
      StandInProcess child = StandInProcess.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT), false, false, 60);
      System.out.println("child " + child.pid());
      System.out.flush();
      Thread.sleep(120_000);
    }
  }
}
