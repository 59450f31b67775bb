package ovload.tools;

import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The suite's command line, {@code ovload COMMAND}: the tools that work on run folders and the servers
 * that run beside a load test. {@code bin/ovload}, {@code bin/standin}, {@code bin/mockmodel}, the
 * scripts and the {@code mvn exec:java@...} executions all come here, so every tool reports a bad
 * option the same way (one line naming the fix) and exits by one convention; this is the only place
 * where a tool ends the JVM ({@code bin/ov}, OpenViking's own grammar, is another program).
 */
@Command(name = "ovload", synopsisSubcommandLabel = "COMMAND",
    description = "The ovload tools: reports, comparisons and merges of run folders, and the servers beside a run.",
    subcommands = {ReportCommand.class, CompareCommand.class, AggregateCommand.class, MergeCommand.class,
        StandInCommand.class, MockModelCommand.class, FetchOvCommand.class, CheckOvCommand.class},
    exitCodeListHeading = "%nExit codes (every command):%n",
    exitCodeList = {
        "0:done (compare: no regression; check-ov: every command passed)",
        "1:a negative answer (compare: a regression; check-ov: a failed command), or work that could not be"
            + " finished (a report that cannot be written, an ov that cannot be fetched)",
        "2:a bad option or input, named in one line (compare: also a run it cannot read or write)",
        "3:report, merge: a latency or failure gate failed; every report was written"})
public final class Ovload {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int USAGE = 2;
  public static final int GATES_FAILED = 3;

  @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT, description = "Show this help and exit.")
  boolean help;

  private Ovload() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** One command run as if typed after {@code ovload}: the {@code main} of each command class (exec:java@...). */
  public static void main(Class<?> command, String[] args) {
    String name = command.getAnnotation(Command.class).name();
    main(Stream.concat(Stream.of(name), Stream.of(args)).toArray(String[]::new));
  }

  /** Runs the command line and returns its exit code, without exiting. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Ovload())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setParameterExceptionHandler(Ovload::badInput)
        .setExecutionExceptionHandler(Ovload::failed);
  }

  /** A bad option, or an input a command refused: what is wrong, the usage, and where the options are listed. */
  static ParameterException badInput(CommandSpec spec, String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static int badInput(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    List<String> suggestions = e instanceof UnmatchedArgumentException u ? u.getSuggestions() : List.of();
    String didYouMean = suggestions.isEmpty() ? "" : "did you mean " + String.join(" or ", suggestions) + "? ";
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (" + didYouMean
        + "usage: " + command.getHelp().abbreviatedSynopsis().strip() + "; --help lists the options)");
    return USAGE;
  }

  private static int failed(Exception e, CommandLine command, ParseResult parsed) {
    command.getErr().println(command.getCommandSpec().qualifiedName() + ": " + e);
    return FAILED;
  }
}
