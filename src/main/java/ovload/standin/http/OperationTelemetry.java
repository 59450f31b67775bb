package ovload.standin.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One request's telemetry in OpenViking 0.5.2's shape, for a body with {@code "telemetry": true}:
 * {@code {"id": "tm_...", "summary": {"operation", "status", "duration_ms", "tokens", "search": {stage:
 * {"duration_ms"}, "typed_queries_count"}}}}}. The stand-in's model delays are its {@code embed_query} and
 * {@code intent_analysis}, its index search its {@code vector_retrieval}, its lookup of a search's
 * target its {@code target_abstract}; a stage of several concurrent queries is summed over them, as
 * OpenViking's {@code add_duration} sums it. As the real server does,
 * stages that did not run or took under a microsecond, and zero token counts, are left out. Not asked for: every call is a no-op.
 */
public final class OperationTelemetry {
  static final OperationTelemetry NONE = new OperationTelemetry(null);
  /** The operations the real server names, by route; it also reports others that ovload does not time. */
  private static final Map<String, String> OPERATIONS = Map.of(
      "/api/v1/search/find", "search.find",
      "/api/v1/search/search", "search.search");

  private static final HexFormat HEX = HexFormat.of();

  private final String operation;
  private final long startNanos = System.nanoTime();
  private final Map<String, Double> stagesMs = new LinkedHashMap<>();
  private long embeddingTokens;
  private Integer queries;

  private OperationTelemetry(String operation) {
    this.operation = operation;
  }

  /** The collector for a request, or {@link #NONE} when its body does not ask or its route is not timed. */
  static OperationTelemetry askedBy(String path, JsonNode body) {
    if (body == null || !body.path("telemetry").asBoolean(false)) {
      return NONE;
    }
    String operation = OPERATIONS.get(path);
    if (operation == null && path.startsWith("/api/v1/sessions/")) {
      operation = path.endsWith("/messages") ? "session.add_message" : path.endsWith("/commit") ? "session.commit" : null;
    }
    return operation == null ? NONE : new OperationTelemetry(operation);
  }

  public boolean asked() {
    return operation != null;
  }

  /** A stage that began at {@code startNanos} ended now, for each of {@code queries} queries that ran it at once. */
  public void stage(String name, long startNanos, int queries) {
    if (asked()) {
      stagesMs.merge(name, queries * ((System.nanoTime() - startNanos) / 1e6), Double::sum);
    }
  }

  /** How many queries a search planned and ran (search only: OpenViking does not count a find's). */
  public void queries(int count) {
    if (asked()) {
      queries = count;
    }
  }

  public void embeddingTokens(long tokens) {
    embeddingTokens += tokens;
  }

  /** The telemetry object, its duration up to now. */
  Report report() {
    Tokens tokens = embeddingTokens > 0 ? new Tokens(embeddingTokens, new Total(embeddingTokens)) : null;
    Map<String, Object> search = new LinkedHashMap<>();
    stagesMs.forEach((stage, ms) -> {
      if (round(ms) > 0) {
        search.put(stage, new Duration(round(ms)));
      }
    });
    if (queries != null) {
      search.put("typed_queries_count", queries);
    }
    // 32 random hex digits as the real id has; not a SecureRandom UUID, whose shared lock every find would take
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new Report("tm_" + HEX.toHexDigits(random.nextLong()) + HEX.toHexDigits(random.nextLong()),
        new Summary(operation, "ok", round((System.nanoTime() - startNanos) / 1e6), tokens,
            search.isEmpty() ? null : search));
  }

  /** The {@code telemetry} key of the envelope. */
  record Report(String id, Summary summary) {}

  /** Tokens and search stages are left out when there are none, as the real server leaves them out. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Summary(String operation, String status, double durationMs,
      @JsonInclude(JsonInclude.Include.NON_NULL) Tokens tokens,
      @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> search) {}

  record Tokens(long total, Total embedding) {}

  record Total(long total) {}

  /** A stage's time; the search object's keys are the stages that ran, hence a map of these. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Duration(double durationMs) {}

  /** Three decimals, as the real server rounds; down, so that rounded stages never outgrow the whole. */
  private static double round(double ms) {
    return Math.floor(ms * 1000) / 1000;
  }
}
