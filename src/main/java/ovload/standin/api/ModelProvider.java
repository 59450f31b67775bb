package ovload.standin.api;

import ovload.standin.http.ApiException;
import ovload.standin.store.EmbeddingBreaker;
import ovload.standin.store.Faults;

/**
 * The model provider behind the server, as OpenViking 0.5.2 calls it: every call takes its
 * (jittered) delay and may fail at the injected rate; embeddings go through the circuit breaker.
 */
final class ModelProvider {
  /** What a failing model provider (mock 500) looks like through OpenViking 0.5.2. */
  static final String MODEL_ERROR = "model provider answered HTTP 500 (stand-in --model-error-rate)";
  private static final String MODEL_UNAVAILABLE = "Upstream model service unavailable (HTTP 500): " + MODEL_ERROR;

  private final ModelTiming timing;
  private final Faults faults;
  private final EmbeddingBreaker breaker;

  ModelProvider(ModelTiming timing, Faults faults, EmbeddingBreaker breaker) {
    this.timing = timing;
    this.faults = faults;
    this.breaker = breaker;
  }

  /** One resource chunk's embedding in a background task: refused while the breaker is open, fails the task. */
  void embedChunk() throws InterruptedException {
    if (!breaker.allows()) {
      throw new IllegalStateException("Circuit breaker is OPEN");
    }
    faults.modelDelay(timing.embedMsPerChunk());
    if (faults.modelFails()) {
      breaker.failure();
      throw new IllegalStateException("Failed to generate embedding: " + MODEL_ERROR);
    }
    breaker.success();
  }

  /**
   * Whether a find's or search's query embeddings may run: an open breaker is a 500 INTERNAL (an
   * unmapped CircuitBreakerOpen), a failing model a 503. Their delay is {@link #embedQueries}.
   */
  void admitQueries() {
    if (!breaker.allows()) {
      throw new ApiException("INTERNAL", "Internal server error");
    }
    if (faults.modelFails()) {
      breaker.failure();
      throw new ApiException("UNAVAILABLE", MODEL_UNAVAILABLE);
    }
    breaker.success();
  }

  /** The queries' embeddings: one model call's time, shared by the queries that run at once. */
  void embedQueries() throws InterruptedException {
    faults.modelDelay(timing.embedMsPerChunk());
  }

  /** A parent directory's summary, rewritten and re-embedded after an rm. */
  void refreshSummary() throws InterruptedException {
    faults.modelDelay(timing.embedMsPerChunk());
  }

  /** A search's intent analysis: one model call. */
  void analyseIntent() throws InterruptedException {
    faults.modelDelay(timing.intentMs());
  }

  /** One commit's memory extraction; fails the task at the model error rate. */
  void extractMemory() throws InterruptedException {
    faults.modelDelay(timing.extractMsPerCommit());
    if (faults.modelFails()) {
      throw new IllegalStateException("memory extraction failed: " + MODEL_ERROR);
    }
  }

  /** A deliberately slow server (load-model tests): every retrieval takes this much longer. */
  void slowRetrieval() throws InterruptedException {
    if (timing.retrievalDelayMs() > 0) {
      Thread.sleep(timing.retrievalDelayMs());
    }
  }

  boolean breakerOpen() {
    return breaker.isOpen();
  }
}
