package ovload.report.model;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import ovload.support.ChildEnvironment;

/** Where a run was measured: JVM, OS, kernel, CPU, memory, Gatling, and this project's commit (null: unknown). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"java_version", "java_vm", "os", "kernel", "cpu_model", "cores", "memory_total_mb", "max_heap_mb",
    "gatling_version", "git_commit"})
public record Environment(String javaVersion, String javaVm, String os, String kernel, String cpuModel, int cores,
    Long memoryTotalMb, long maxHeapMb, String gatlingVersion, String gitCommit) {

  public static Environment capture(Path projectDir) {
    return new Environment(System.getProperty("java.version"),
        System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
        System.getProperty("os.name") + " " + System.getProperty("os.arch"),
        firstLine(Path.of("/proc/sys/kernel/osrelease"), null), readCpuModel(), Runtime.getRuntime().availableProcessors(),
        memoryMb(), Runtime.getRuntime().maxMemory() / (1024 * 1024), runningGatlingVersion(), gitCommit(projectDir));
  }

  private static String firstLine(Path file, String prefix) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (prefix == null) {
          return line.strip();
        }
        if (line.startsWith(prefix)) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static String readCpuModel() {
    return firstLine(Path.of("/proc/cpuinfo"), "model name");
  }

  private static Long memoryMb() {
    String total = firstLine(Path.of("/proc/meminfo"), "MemTotal");
    if (total == null) {
      return null;
    }
    try {
      return Long.parseLong(total.replaceAll("[^0-9]", "")) / 1024;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String runningGatlingVersion() {
    try {
      return io.gatling.commons.util.GatlingVersion$.MODULE$.ThisVersion().fullVersion();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static String gitCommit(Path projectDir) {
    try {
      Process git = ChildEnvironment.clean(new ProcessBuilder("git", "rev-parse", "HEAD")).directory(projectDir.toFile())
          .redirectErrorStream(true).start();
      git.getOutputStream().close();
      if (!git.waitFor(3, TimeUnit.SECONDS)) {
        git.destroyForcibly();
        return null;
      }
      String out = new String(git.getInputStream().readAllBytes()).strip();
      return git.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
