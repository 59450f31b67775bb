package ovload.serverside.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import ovload.support.ChildEnvironment;

/**
 * A profiler that is a process of its own, attached to the server by pid: py-spy, or any command
 * a template gives ({@code -DprofileServerCommand}, with {@code {pid}}, {@code {collapsed}} and
 * {@code {svg}} filled in). Each is stopped with SIGINT (py-spy writes its files on Ctrl-C, and on
 * no other signal). py-spy runs twice per phase, once for the collapsed stacks with idle samples
 * (so that busy shares can be counted) and once for its own flame graph of the busy stacks;
 * {@code --nonblocking} reads the server's memory without pausing it. The rates (50 and 20 a
 * second, py-spy's default is 100) keep py-spy's own CPU, which the server's machine pays, low:
 * docs/inside-the-server.md has the measurement.
 */
public final class ExternalProfiler implements Profiler {
  private final List<List<String>> templates;
  private final String description;

  private ExternalProfiler(List<List<String>> templates, String description) {
    this.templates = templates;
    this.description = description;
  }

  public static ExternalProfiler pySpy(String pySpy, long pid) {
    String p = Long.toString(pid);
    return new ExternalProfiler(List.of(
        List.of(pySpy, "record", "--pid", p, "--rate", "50", "--format", "raw", "--threads", "--idle", "--nonblocking",
            "--output", "{collapsed}"),
        List.of(pySpy, "record", "--pid", p, "--rate", "20", "--format", "flamegraph", "--nonblocking", "--output", "{svg}")),
        "py-spy (" + pySpy + ") on the server's process " + pid);
  }

  public static ExternalProfiler command(String template, Long pid) {
    List<String> words = new ArrayList<>();
    for (String w : template.trim().split("\\s+")) {
      words.add(pid == null ? w : w.replace("{pid}", Long.toString(pid)));
    }
    return new ExternalProfiler(List.of(words), "the command " + template + (pid == null ? "" : " (pid " + pid + ")"));
  }

  @Override
  public Session start(Path dir, String name) throws IOException {
    List<Process> processes = new ArrayList<>();
    Path log = dir.resolve(name + ".log");
    for (List<String> template : templates) {
      List<String> command = new ArrayList<>();
      for (String w : template) {
        command.add(w.replace("{collapsed}", dir.resolve(name + ".collapsed").toString())
            .replace("{svg}", dir.resolve(name + ".svg").toString()));
      }
      processes.add(ChildEnvironment.clean(new ProcessBuilder(withSigintDefault(command))).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start());
    }
    return () -> {
      for (Process p : processes) {
        if (p.isAlive()) {
          ChildEnvironment.clean(new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))).start().waitFor(5, TimeUnit.SECONDS);
        }
      }
      for (Process p : processes) {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      if (!Files.isRegularFile(dir.resolve(name + ".collapsed"))) {
        List<String> lines = Files.isRegularFile(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        String why = lines.stream().filter(l -> l.toLowerCase().contains("error") || l.toLowerCase().contains("permission"))
            .findFirst().orElse(lines.isEmpty() ? "no output" : lines.get(lines.size() - 1));
        throw new IOException("the profiler wrote no stacks: " + why.strip());
      }
      Files.deleteIfExists(log);
    };
  }

  /**
   * The command behind {@code env --default-signal=INT} where env has that option (GNU coreutils
   * 8.31 on): a suite started in the background by a non-interactive shell (nohup, {@code &} in a
   * CI script) inherits SIGINT ignored, and so do its children; a profiler that is a shell script
   * or a JVM then never sees the stop and writes nothing.
   */
  static List<String> withSigintDefault(List<String> command) {
    if (!EnvResetsSigint.AVAILABLE) {
      return command;
    }
    List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT"));
    wrapped.addAll(command);
    return wrapped;
  }

  /** Whether this machine's env takes {@code --default-signal}, asked once. */
  private static final class EnvResetsSigint {
    static final boolean AVAILABLE = probe();

    private static boolean probe() {
      try {
        Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  @Override
  public String description() {
    return description;
  }
}
