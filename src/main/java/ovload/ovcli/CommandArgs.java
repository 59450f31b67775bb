package ovload.ovcli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The words after a command: positionals and its options, in any order ({@code --name value},
 * {@code --name=value}, flags; {@code --} ends options). Option specs map every spelling to one
 * canonical name, e.g. {@code "-n" -> "n", "--node-limit" -> "n"}.
 */
final class CommandArgs {
  private final String command;
  private final List<String> positionals = new ArrayList<>();
  private final Map<String, String> values = new HashMap<>();

  private CommandArgs(String command) {
    this.command = command;
  }

  static CommandArgs parse(
      String command, List<String> words, Map<String, String> valueOptions, Map<String, String> flags) {
    CommandArgs args = new CommandArgs(command);
    boolean optionsDone = false;
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      if (optionsDone || !word.startsWith("-") || word.equals("-")) {
        args.positionals.add(word);
        continue;
      }
      if (word.equals("--")) {
        optionsDone = true;
        continue;
      }
      int eq = word.startsWith("--") ? word.indexOf('=') : -1;
      String spelling = eq > 0 ? word.substring(0, eq) : word;
      if (flags.containsKey(spelling)) {
        if (eq > 0) {
          throw new UsageException(command + ": " + spelling + " takes no value");
        }
        args.values.put(flags.get(spelling), "true");
      } else if (valueOptions.containsKey(spelling)) {
        String value;
        if (eq > 0) {
          value = word.substring(eq + 1);
        } else if (i + 1 < words.size()) {
          value = words.get(++i);
        } else {
          throw new UsageException(command + ": " + spelling + " needs a value");
        }
        args.values.put(valueOptions.get(spelling), value);
      } else if (spelling.equals("--no-progress")) {
        throw new UsageException(
            "--no-progress is accepted only before add-resource or add-skill: remove it here");
      } else {
        throw new UsageException(command + ": unknown option " + spelling);
      }
    }
    return args;
  }

  /** Fails unless exactly {@code labels.length} positionals were given. */
  CommandArgs expectPositionals(String... labels) {
    if (positionals.size() != labels.length) {
      throw new UsageException(command + " takes " + (labels.length == 0 ? "no arguments"
          : String.join(" ", labels)) + ", got " + (positionals.isEmpty() ? "none" : positionals));
    }
    return this;
  }

  String positional(int index) {
    return positionals.get(index);
  }

  String value(String name) {
    return values.get(name);
  }

  String required(String name, String spelling) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw new UsageException(command + ": " + spelling + " is required");
    }
    return value;
  }

  boolean flag(String name) {
    return values.containsKey(name);
  }

  int positiveInt(String name, String spelling, int fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below, like any other bad value
    }
    throw new UsageException(command + ": " + spelling + " must be a positive whole number, got '" + value + "'");
  }

  Double seconds(String name, String spelling) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed > 0 && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UsageException(command + ": " + spelling + " must be a positive number of seconds, got '" + value + "'");
  }
}
