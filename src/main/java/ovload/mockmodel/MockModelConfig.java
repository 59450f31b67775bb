package ovload.mockmodel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The mock model provider's settings (immutable), and their command-line form.
 *
 * @param latencyMs fixed time every model call takes (for a stream: before the first content)
 * @param tokenLatencyMs extra time per token: output tokens for chat, input tokens for embeddings
 * @param jitter every delay varies uniformly by ± this fraction, e.g. 0.2 = ±20 %
 * @param errorRate share of model calls answered with {@code errorStatus} instead
 * @param errorStatus 429 (rate limited, with {@code Retry-After}) or 500
 * @param concurrency most model calls in progress at once; more wait for a permit; 0 = no limit
 * @param dimension embedding length unless a request asks for {@code dimensions}
 * @param seed seeds jitter and error draws (embedding vectors do not depend on it)
 * @param reply the chat reply, for every request
 */
public record MockModelConfig(
    int port,
    long latencyMs,
    long tokenLatencyMs,
    double jitter,
    double errorRate,
    int errorStatus,
    int concurrency,
    int dimension,
    long seed,
    String reply,
    String chatModel,
    String embeddingModel) {

  /** An empty memory extraction: valid JSON OpenViking's extractor accepts, and cheap for it to process. */
  public static final String DEFAULT_REPLY = "{\"memories\": []}";

  static final String USAGE = "usage: mockmodel [--port N] [--latency-ms N] [--token-latency-ms N] [--jitter F]"
      + " [--error-rate F] [--error-status 429|500] [--concurrency N] [--dimension N] [--seed N]"
      + " [--reply TEXT | --reply-file PATH] [--chat-model NAME] [--embedding-model NAME] [--help]";

  public MockModelConfig {
    require(port >= 0 && port <= 65535, "--port must be 0-65535 (0 = any free port), got " + port);
    require(latencyMs >= 0, "--latency-ms must be >= 0, got " + latencyMs);
    require(tokenLatencyMs >= 0, "--token-latency-ms must be >= 0, got " + tokenLatencyMs);
    require(jitter >= 0 && jitter <= 1, "--jitter must lie in [0, 1], got " + jitter);
    require(errorRate >= 0 && errorRate <= 1, "--error-rate must lie in [0, 1], got " + errorRate);
    require(errorStatus == 429 || errorStatus == 500, "--error-status must be 429 or 500, got " + errorStatus);
    require(concurrency >= 0, "--concurrency must be >= 0 (0 = no limit), got " + concurrency);
    require(dimension >= 1, "--dimension must be >= 1, got " + dimension);
    require(reply != null, "--reply needs a text");
    require(chatModel != null && !chatModel.isBlank(), "--chat-model needs a name");
    require(embeddingModel != null && !embeddingModel.isBlank(), "--embedding-model needs a name");
  }

  public static MockModelConfig defaults() {
    return new MockModelConfig(1940, 0, 0, 0.0, 0.0, 429, 0, 1024, 42, DEFAULT_REPLY, "mock-chat", "mock-embedding");
  }

  /** The settings an argument list asks for, over the defaults; a bad option throws, naming the fix. */
  public static MockModelConfig parse(String[] args) {
    MockModelConfig d = defaults();
    int port = d.port();
    long latency = d.latencyMs();
    long tokenLatency = d.tokenLatencyMs();
    double jitter = d.jitter();
    double errorRate = d.errorRate();
    int errorStatus = d.errorStatus();
    int concurrency = d.concurrency();
    int dimension = d.dimension();
    long seed = d.seed();
    String reply = d.reply();
    String chatModel = d.chatModel();
    String embeddingModel = d.embeddingModel();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (!option.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument '" + option + "': options start with --, see --help");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(option + " needs a value, e.g. " + option + " 10");
      }
      String value = args[++i];
      try {
        switch (option) {
          case "--port" -> port = Integer.parseInt(value);
          case "--latency-ms" -> latency = Long.parseLong(value);
          case "--token-latency-ms" -> tokenLatency = Long.parseLong(value);
          case "--jitter" -> jitter = Double.parseDouble(value);
          case "--error-rate" -> errorRate = Double.parseDouble(value);
          case "--error-status" -> errorStatus = Integer.parseInt(value);
          case "--concurrency" -> concurrency = Integer.parseInt(value);
          case "--dimension" -> dimension = Integer.parseInt(value);
          case "--seed" -> seed = Long.parseLong(value);
          case "--reply" -> reply = value;
          case "--reply-file" -> reply = read(value);
          case "--chat-model" -> chatModel = value;
          case "--embedding-model" -> embeddingModel = value;
          default -> throw new IllegalArgumentException("unknown option " + option + ": see --help for the options");
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a number, got '" + value + "'");
      }
    }
    return new MockModelConfig(port, latency, tokenLatency, jitter, errorRate, errorStatus, concurrency, dimension,
        seed, reply, chatModel, embeddingModel);
  }

  private static String read(String path) {
    try {
      return Files.readString(Path.of(path), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("--reply-file cannot read " + path + " (" + e + "): give a readable UTF-8 file");
    }
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
