package ovload.mockmodel;

/**
 * The mock model provider's settings (immutable); {@code ovload mockmodel} sets them from its options.
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

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
