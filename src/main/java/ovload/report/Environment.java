package ovload.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where a run was measured: JVM, OS, kernel, CPU, memory, Gatling, and this project's commit. */
final class Environment {
  private Environment() {}

  static Map<String, Object> capture(Path projectDir) {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("java_version", System.getProperty("java.version"));
    env.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("kernel", firstLine(Path.of("/proc/sys/kernel/osrelease"), null));
    env.put("cpu_model", cpuModel());
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("memory_total_mb", memoryMb());
    env.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
    env.put("gatling_version", gatlingVersion());
    env.put("git_commit", gitCommit(projectDir));
    return env;
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

  private static String cpuModel() {
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

  private static String gatlingVersion() {
    try {
      return io.gatling.commons.util.GatlingVersion$.MODULE$.ThisVersion().fullVersion();
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  private static String gitCommit(Path projectDir) {
    try {
      Process git = new ProcessBuilder("git", "rev-parse", "HEAD").directory(projectDir.toFile())
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
