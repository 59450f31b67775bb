package ovload.mockmodel;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import ovload.stats.LatencyList;

/**
 * What the mock did, per endpoint: the counters a load test compares with the server's own view
 * (how many model calls the server made, how long they took, how many queued for a permit).
 * Latency percentiles are exact, by linear interpolation between closest ranks (the report's
 * {@code ovload.stats.Percentiles}) over every answered call since the last reset.
 */
public final class ModelStats {
  /** The stats' endpoints; a streamed chat is counted apart from a plain one. */
  public enum Endpoint {
    EMBEDDINGS, CHAT, CHAT_STREAM
  }

  /**
   * One endpoint's counters. {@code calls} counts every well-formed request, {@code errorsInjected}
   * those answered with the injected error; tokens, model time and latencies count answered calls
   * only. Latency is the server-side time from request arrival to the last byte written, permit
   * wait included; {@code modelTimeMs} is the simulated model delay alone. Percentiles are null
   * before the first answered call.
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Snapshot(long calls, long errorsInjected, long inputTokens, long outputTokens, long modelTimeMs,
      Double latencyP50Ms, Double latencyP95Ms, Double latencyMaxMs, int inFlight, int maxInFlight,
      long waitedForPermit, double waitedMs) {}

  private final Map<Endpoint, Counters> counters = new EnumMap<>(Endpoint.class);
  private final Map<Prompts.Kind, AtomicLong> prompts = new EnumMap<>(Prompts.Kind.class);

  ModelStats() {
    for (Endpoint endpoint : Endpoint.values()) {
      counters.put(endpoint, new Counters());
    }
    for (Prompts.Kind kind : Prompts.Kind.values()) {
      prompts.put(kind, new AtomicLong());
    }
  }

  void prompted(Prompts.Kind kind) {
    prompts.get(kind).incrementAndGet();
  }

  /** Chat requests per recognised prompt kind, keyed as {@link Prompts.Kind#key}. */
  public Map<String, Long> prompts() {
    Map<String, Long> counts = new LinkedHashMap<>();
    prompts.forEach((kind, count) -> counts.put(kind.key, count.get()));
    return counts;
  }

  /** {@code /mock/stats}: every endpoint's snapshot, and the chat prompts by kind under {@code prompts}. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Report(Snapshot embeddings, Snapshot chat, Snapshot chatStream, Map<String, Long> prompts) {}

  Report report() {
    return new Report(of(Endpoint.EMBEDDINGS), of(Endpoint.CHAT), of(Endpoint.CHAT_STREAM), prompts());
  }

  public Snapshot of(Endpoint endpoint) {
    return counters.get(endpoint).snapshot();
  }

  /** Zeroes the counters; calls in progress stay in flight (and set the new maximum). */
  public void reset() {
    counters.values().forEach(Counters::reset);
    prompts.values().forEach(count -> count.set(0));
  }

  Counters counters(Endpoint endpoint) {
    return counters.get(endpoint);
  }

  static final class Counters {
    private long calls;
    private long errorsInjected;
    private long inputTokens;
    private long outputTokens;
    private long modelTimeMs;
    private LatencyList latencies = new LatencyList();
    private int inFlight;
    private int maxInFlight;
    private long waitedForPermit;
    private double waitedMs;

    synchronized void called() {
      calls++;
    }

    synchronized void errorInjected() {
      errorsInjected++;
    }

    synchronized void waited(double ms) {
      waitedForPermit++;
      waitedMs += ms;
    }

    synchronized void entered() {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
    }

    synchronized void left() {
      inFlight--;
    }

    synchronized void answered(int input, int output, long modelMs, double latencyMs) {
      inputTokens += input;
      outputTokens += output;
      modelTimeMs += modelMs;
      latencies.add(latencyMs);
    }

    synchronized Snapshot snapshot() {
      return new Snapshot(calls, errorsInjected, inputTokens, outputTokens, modelTimeMs, latencies.percentile(50),
          latencies.percentile(95), latencies.max(), inFlight, maxInFlight, waitedForPermit, waitedMs);
    }

    synchronized void reset() {
      calls = 0;
      errorsInjected = 0;
      inputTokens = 0;
      outputTokens = 0;
      modelTimeMs = 0;
      latencies = new LatencyList();
      maxInFlight = inFlight;
      waitedForPermit = 0;
      waitedMs = 0;
    }
  }
}
