package ovload.ovcli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingApiException;
import ovload.client.OpenVikingClient;
import ovload.client.OpenVikingTimeoutException;
import ovload.client.OpenVikingTransportException;

/**
 * An {@code ov}-compatible command-line client over {@link OpenVikingClient}. Exit codes: 0
 * success, 1 the call failed (API error, unreachable server, timeout), 2 usage or configuration
 * error (one line on stderr). Launched by {@code bin/ov}; see {@code docs/cli.md}.
 */
public final class OvCli {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILED = 1;
  public static final int EXIT_USAGE = 2;

  private OvCli() {}

  public static void main(String[] args) {
    // UTF-8 whatever the locale: results carry non-ASCII text and the JSON must survive intact.
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    System.exit(run(List.of(args), System.getenv(), out, err));
  }

  /** Runs one command line with the given environment and streams; returns the exit code. */
  public static int run(List<String> args, Map<String, String> env, PrintStream out, PrintStream err) {
    CommandLine line;
    ClientSettings settings;
    try {
      line = CommandLine.parse(args);
      if (line.help()) {
        out.print(usage());
        return EXIT_OK;
      }
      settings = CliConfig.load(env).toSettings();
    } catch (UsageException | IllegalArgumentException e) {
      err.println("ov: " + e.getMessage() + " (see ov --help)");
      return EXIT_USAGE;
    }
    ResultPrinter printer = new ResultPrinter(line.output(), line.compact(), out, err);
    if (ECHOED.contains(line.command().name())) {
      out.println(echo(args)); // ov 0.5.2 echoes these commands on stdout before their output
    }
    try (OpenVikingClient client = new OpenVikingClient(settings)) {
      printer.success(line.command().call().apply(client));
      return EXIT_OK;
    } catch (OpenVikingApiException e) {
      printer.failure(e.code(), e.serverMessage());
    } catch (OpenVikingTimeoutException e) {
      printer.failure("DEADLINE_EXCEEDED", e.getMessage());
    } catch (OpenVikingTransportException e) {
      printer.failure("UNAVAILABLE", e.getMessage() + " (is the server at " + settings.url() + " running?)");
    } catch (UncheckedIOException e) {
      err.println("ov: " + e.getMessage());
      return EXIT_USAGE;
    }
    return EXIT_FAILED;
  }

  /** The commands the real {@code ov} echoes as a {@code cmd: ov ...} line before their output. */
  static final java.util.Set<String> ECHOED = java.util.Set.of("find", "search", "grep", "glob");

  /** {@code cmd: ov <args without the global output options>}, arguments with spaces quoted. */
  static String echo(List<String> args) {
    StringBuilder text = new StringBuilder("cmd: ov");
    for (int i = 0; i < args.size(); i++) {
      String word = args.get(i);
      if (word.equals("--output") || word.equals("-o")) {
        i++;
        continue;
      }
      if (word.equals("--compact") || word.startsWith("--output=") || word.equals("--no-progress")) {
        continue;
      }
      text.append(' ').append(word.isEmpty() || word.contains(" ") || word.contains("\"") ? '"' + word.replace("\"", "\\\"") + '"' : word);
    }
    return text.toString();
  }

  static String usage() {
    StringBuilder text = new StringBuilder();
    text.append("usage: ov [--output json|table] [--compact] [--no-progress] COMMAND ...\n");
    text.append("  --no-progress is accepted only before add-resource and add-skill\n\ncommands:\n");
    for (CommandSpec spec : Commands.all()) {
      text.append("  ").append(spec.synopsis()).append('\n');
    }
    text.append("\nconfig: $" + CliConfig.ENV_CONFIG_FILE + " else ~/.openviking/ovcli.conf\n");
    return text.toString();
  }
}
