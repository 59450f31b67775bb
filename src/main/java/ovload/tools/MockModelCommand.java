package ovload.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import ovload.mockmodel.MockModelConfig;
import ovload.mockmodel.MockModelServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ovload mockmodel}: the mock OpenAI-compatible model provider served alone until killed
 * ({@code bin/mockmodel --port 1940 --latency-ms 200}); its options are {@link MockModelConfig}'s.
 */
@Command(name = "mockmodel", description = "Serves the mock OpenAI-compatible model provider on 127.0.0.1 until killed.",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"2:a bad option, or a port that is taken"})
public final class MockModelCommand implements Callable<Integer> {
  private static final MockModelConfig DEFAULTS = MockModelConfig.defaults();

  @Spec
  CommandSpec spec;

  @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1, 0 = any free one (default: ${DEFAULT-VALUE}).")
  int port = DEFAULTS.port();

  @Option(names = "--latency-ms", paramLabel = "N", description = "Fixed time of every model call (default: ${DEFAULT-VALUE}).")
  long latencyMs = DEFAULTS.latencyMs();

  @Option(names = "--token-latency-ms", paramLabel = "N", description = "Extra time per token (default: ${DEFAULT-VALUE}).")
  long tokenLatencyMs = DEFAULTS.tokenLatencyMs();

  @Option(names = "--jitter", paramLabel = "F", description = "Every delay varies by this fraction, 0 to 1 (default: ${DEFAULT-VALUE}).")
  double jitter = DEFAULTS.jitter();

  @Option(names = "--error-rate", paramLabel = "F", description = "Share of calls answered with --error-status (default: ${DEFAULT-VALUE}).")
  double errorRate = DEFAULTS.errorRate();

  @Option(names = "--error-status", paramLabel = "429|500", description = "The injected error (default: ${DEFAULT-VALUE}).")
  int errorStatus = DEFAULTS.errorStatus();

  @Option(names = "--concurrency", paramLabel = "N", description = "Most calls in progress at once, 0 = no limit (default: ${DEFAULT-VALUE}).")
  int concurrency = DEFAULTS.concurrency();

  @Option(names = "--dimension", paramLabel = "N", description = "Embedding length (default: ${DEFAULT-VALUE}).")
  int dimension = DEFAULTS.dimension();

  @Option(names = "--seed", paramLabel = "N", description = "Seed of jitter and error draws (default: ${DEFAULT-VALUE}).")
  long seed = DEFAULTS.seed();

  private String reply = DEFAULTS.reply();

  @Option(names = "--chat-model", paramLabel = "NAME", description = "The chat model's name (default: ${DEFAULT-VALUE}).")
  String chatModel = DEFAULTS.chatModel();

  @Option(names = "--embedding-model", paramLabel = "NAME", description = "The embedding model's name (default: ${DEFAULT-VALUE}).")
  String embeddingModel = DEFAULTS.embeddingModel();

  public static void main(String[] args) {
    Ovload.main(MockModelCommand.class, args);
  }

  /** The settings an argument list asks for, over the defaults; a bad option throws, naming the fix. */
  public static MockModelConfig parse(String... args) {
    String[] line = Stream.concat(Stream.of("mockmodel"), Stream.of(args)).toArray(String[]::new);
    return ((MockModelCommand) Ovload.commandLine().parseArgs(line).subcommand().commandSpec().userObject()).config();
  }

  @Option(names = "--reply", paramLabel = "TEXT", description = "The chat reply, for every request (default: an empty memory extraction).")
  void reply(String text) {
    reply = text;
  }

  @Option(names = "--reply-file", paramLabel = "PATH", description = "The chat reply, read from a UTF-8 file.")
  void replyFile(Path path) {
    try {
      reply = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw Ovload.badInput(spec, "--reply-file cannot read " + path + " (" + e + "): give a readable UTF-8 file");
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    MockModelServer server;
    try {
      server = MockModelServer.start(config());
    } catch (UncheckedIOException e) {
      throw Ovload.badInput(spec, e.getMessage() + ": choose another --port (0 = any free one)");
    }
    spec.commandLine().getOut().println("mock model provider listening on " + server.baseUrl());
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    Thread.currentThread().join();
    return Ovload.OK;
  }

  private MockModelConfig config() {
    try {
      return new MockModelConfig(port, latencyMs, tokenLatencyMs, jitter, errorRate, errorStatus, concurrency, dimension,
          seed, reply, chatModel, embeddingModel);
    } catch (IllegalArgumentException e) {
      throw Ovload.badInput(spec, e.getMessage());
    }
  }
}
