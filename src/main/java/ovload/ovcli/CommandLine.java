package ovload.ovcli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole {@code ov} command line: global options, then command words, then the command's own
 * arguments. {@code --output} and {@code --compact} are global (accepted before or after the
 * command); {@code --no-progress} only before {@code add-resource} / {@code add-skill}, as in
 * current {@code ov}.
 */
record CommandLine(OutputFormat output, boolean compact, boolean help, CliCommand command) {
  private static final List<String> PROGRESS_COMMANDS = List.of("add-resource", "add-skill");

  static CommandLine parse(List<String> args) {
    OutputFormat output = OutputFormat.TABLE;
    boolean compact = false;
    boolean noProgress = false;
    int i = 0;
    for (; i < args.size() && args.get(i).startsWith("-"); i++) {
      String word = args.get(i);
      if (word.equals("--compact")) {
        compact = true;
      } else if (word.equals("--no-progress")) {
        noProgress = true;
      } else if (word.equals("-h") || word.equals("--help")) {
        return new CommandLine(output, compact, true, null);
      } else if (word.equals("--output") || word.equals("-o")) {
        if (++i == args.size()) {
          throw new UsageException(word + " needs a value: json or table");
        }
        output = OutputFormat.parse(args.get(i));
      } else if (word.startsWith("--output=")) {
        output = OutputFormat.parse(word.substring("--output=".length()));
      } else {
        throw new UsageException("unknown global option " + word);
      }
    }
    if (i == args.size()) {
      throw new UsageException("no command given");
    }
    String words = args.get(i++);
    if (noProgress && !PROGRESS_COMMANDS.contains(words)) {
      throw new UsageException(
          "--no-progress is accepted only before add-resource or add-skill: remove it for " + words);
    }
    if (Commands.isGroup(words)) {
      if (i == args.size() || args.get(i).startsWith("-")) {
        throw new UsageException(words + " needs a subcommand");
      }
      words = words + " " + args.get(i++);
    }
    CommandSpec spec = Commands.lookup(words);
    if (spec == null) {
      throw new UsageException("unknown command '" + words + "'");
    }
    Map<String, String> valueOptions = new LinkedHashMap<>(spec.valueOptions());
    valueOptions.put("--output", "output");
    valueOptions.put("-o", "output");
    Map<String, String> flags = new LinkedHashMap<>(spec.flags());
    flags.put("--compact", "compact");
    flags.put("-h", "help");
    flags.put("--help", "help");
    CommandArgs commandArgs =
        CommandArgs.parse(words, new ArrayList<>(args.subList(i, args.size())), valueOptions, flags);
    if (commandArgs.flag("help")) {
      return new CommandLine(output, compact, true, null);
    }
    if (commandArgs.value("output") != null) {
      output = OutputFormat.parse(commandArgs.value("output"));
    }
    compact |= commandArgs.flag("compact");
    return new CommandLine(output, compact, false, new CliCommand(words, spec.binder().apply(commandArgs)));
  }
}
