package ovload.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The one command line: its help, its one-line answer to a bad option, and every way in reaching its command. */
class OvloadTest {
  private static final List<String> COMMANDS =
      List.of("report", "compare", "aggregate", "merge", "standin", "mockmodel", "fetch-ov", "check-ov");

  /** One run of the command line: its exit code, standard output and standard error. */
  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Ovload.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int code = command.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    Result help = run("--help");
    assertEquals(Ovload.OK, help.code());
    for (String name : COMMANDS) {
      assertTrue(help.out().contains("\n  " + name + " "), name + " in " + help.out());
    }
    assertTrue(help.out().contains("Exit codes (every command):"), help.out());
    for (int code : new int[] {Ovload.OK, Ovload.FAILED, Ovload.USAGE, Ovload.GATES_FAILED}) {
      assertTrue(help.out().contains("\n  " + code + "   "), "exit code " + code + " in " + help.out());
    }
  }

  @Test
  void everyCommandIsReachableWithItsOwnHelp() {
    assertEquals(COMMANDS, List.copyOf(Ovload.commandLine().getSubcommands().keySet()));
    for (String name : COMMANDS) {
      Result help = run(name, "--help");
      assertEquals(Ovload.OK, help.code(), name);
      assertTrue(help.out().startsWith("Usage: ovload " + name + " "), help.out());
      assertTrue(help.out().contains("Exit codes:"), help.out());
    }
  }

  @Test
  void aBadOptionIsOneLineWithTheUsageCode() {
    Result unknown = run("report", "--window", "5", "reports/x");
    assertEquals(Ovload.USAGE, unknown.code());
    assertEquals("", unknown.out());
    assertOneLine(unknown.err(), "ovload report: Unknown option");
    assertTrue(unknown.err().contains("did you mean --window-seconds?"), unknown.err());
    assertTrue(unknown.err().contains("--help lists the options"), unknown.err());
    for (String name : COMMANDS) {
      Result bad = run(name, "--no-such-option");
      assertEquals(Ovload.USAGE, bad.code(), name);
      assertOneLine(bad.err(), "ovload " + name + ": ");
    }
    Result none = run();
    assertEquals(Ovload.USAGE, none.code());
    assertOneLine(none.err(), "ovload: Missing required subcommand");
  }

  @Test
  void aRefusedInputIsOneLineNamingIt(@TempDir Path dir) {
    Result notAFolder = run("report", dir.resolve("missing").toString());
    assertEquals(Ovload.USAGE, notAFolder.code());
    assertOneLine(notAFolder.err(), "ovload report: not a folder: " + dir.resolve("missing"));
    Result window = run("report", dir.toString(), "--window-seconds", "0.5");
    assertEquals(Ovload.USAGE, window.code());
    assertOneLine(window.err(), "ovload report: --window-seconds must be at least 1");
    Result aggregate = run("aggregate", "--out", dir.resolve("agg").toString(), dir.toString(), dir.toString());
    assertEquals(Ovload.USAGE, aggregate.code());
    assertOneLine(aggregate.err(), "ovload aggregate: " + dir + " has no request_summary.csv");
    Result oneRun = run("aggregate", "--out", dir.resolve("agg").toString(), dir.toString());
    assertEquals(Ovload.USAGE, oneRun.code());
    assertOneLine(oneRun.err(), "ovload aggregate: give two or more run folders");
    Result merge = run("merge", dir.resolve("run").toString());
    assertEquals(Ovload.USAGE, merge.code());
    assertOneLine(merge.err(), "ovload merge: no shard folders ");
    Result standin = run("standin", "--host", "0.0.0.0");
    assertEquals(Ovload.USAGE, standin.code());
    assertOneLine(standin.err(), "ovload standin: the stand-in binds loopback only (127.0.0.1)");
    Result checkOv = run("check-ov", "--ov", "/bin/true");
    assertEquals(Ovload.USAGE, checkOv.code());
    assertOneLine(checkOv.err(), "ovload check-ov: Missing required option: '--url=URL'");
  }

  /** Each {@code mvn exec:java@NAME} runs the command NAME through this command line: its main class is that command's. */
  @Test
  void theMavenExecutionsRunTheirCommands() throws Exception {
    Matcher execution = Pattern.compile("<id>([a-z-]+)</id>\\s*<configuration><mainClass>([\\w.]+)</mainClass>")
        .matcher(Files.readString(Path.of("pom.xml")));
    Map<String, String> mainClasses = new LinkedHashMap<>();
    while (execution.find()) {
      mainClasses.put(execution.group(1), execution.group(2));
    }
    assertEquals(List.of("standin", "mockmodel", "report", "aggregate", "compare", "merge"), List.copyOf(mainClasses.keySet()));
    Map<String, CommandLine> commands = Ovload.commandLine().getSubcommands();
    mainClasses.forEach((id, mainClass) -> {
      assertEquals(commands.get(id).getCommand().getClass().getName(), mainClass, "exec:java@" + id);
      try {
        assertTrue(Class.forName(mainClass).getMethod("main", String[].class) != null, mainClass);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(mainClass + " has no main", e);
      }
    });
  }

  private static void assertOneLine(String err, String start) {
    assertTrue(err.startsWith(start), err);
    assertEquals(1, err.lines().count(), "one line: " + err);
  }
}
