package ovload.standin.api;

import ovload.standin.http.ApiException;
import ovload.standin.http.ModelCalls;
import ovload.standin.http.ModelCalls.Kind;
import ovload.standin.store.EmbeddingBreaker;
import ovload.standin.store.Faults;

/**
 * The model provider behind the server, as OpenViking 0.5.2 calls it: every call takes its
 * (jittered) delay and may fail at the injected rate; embeddings go through the circuit breaker.
 * Every call that reaches the provider is counted in {@link ModelCalls}, as OpenViking counts its own.
 */
final class ModelProvider {
  /** What a failing model provider (mock 500) looks like through OpenViking 0.5.2. */
  static final String MODEL_ERROR = "model provider answered HTTP 500 (stand-in --model-error-rate)";
  private static final String MODEL_UNAVAILABLE = "Upstream model service unavailable (HTTP 500): " + MODEL_ERROR;

  private final ModelTiming timing;
  private final Faults faults;
  private final EmbeddingBreaker breaker;
  private final ModelCalls calls;

  ModelProvider(ModelTiming timing, Faults faults, EmbeddingBreaker breaker, ModelCalls calls) {
    this.timing = timing;
    this.faults = faults;
    this.breaker = breaker;
    this.calls = calls;
  }

  /** One call: its delay, then whether it failed (a call refused by the breaker never reaches the provider). */
  private boolean call(Kind kind, long baseMillis, boolean mayFail) throws InterruptedException {
    long start = System.nanoTime();
    faults.modelDelay(baseMillis);
    boolean failed = mayFail && faults.modelFails();
    calls.record(kind, !failed, System.nanoTime() - start);
    return failed;
  }

  /** One resource chunk's embedding in a background task: refused while the breaker is open, fails the task. */
  void embedChunk() throws InterruptedException {
    if (!breaker.allows()) {
      throw new IllegalStateException("Circuit breaker is OPEN");
    }
    if (call(Kind.EMBEDDING, timing.embedMsPerChunk(), true)) {
      breaker.failure();
      throw new IllegalStateException("Failed to generate embedding: " + MODEL_ERROR);
    }
    breaker.success();
  }

  /**
   * Whether a find's or search's query embeddings may run: an open breaker is a 500 INTERNAL (an
   * unmapped CircuitBreakerOpen), a failing model a 503 and a failed call counted (its time is not
   * simulated). Their delay is {@link #embedQueries}.
   */
  void admitQueries() {
    if (!breaker.allows()) {
      throw new ApiException("INTERNAL", "Internal server error");
    }
    if (faults.modelFails()) {
      calls.record(Kind.EMBEDDING, false, 0);
      breaker.failure();
      throw new ApiException("UNAVAILABLE", MODEL_UNAVAILABLE);
    }
    breaker.success();
  }

  /** The queries' embeddings: one model call's time, shared by the queries that run at once. */
  void embedQueries() throws InterruptedException {
    call(Kind.EMBEDDING, timing.embedMsPerChunk(), false);
  }

  /** A parent directory's summary, rewritten and re-embedded after an rm. */
  void refreshSummary() throws InterruptedException {
    call(Kind.EMBEDDING, timing.embedMsPerChunk(), false);
  }

  /** A search's intent analysis: one model call. */
  void analyseIntent() throws InterruptedException {
    call(Kind.VLM, timing.intentMs(), false);
  }

  /** One commit's memory extraction; fails the task at the model error rate. */
  void extractMemory() throws InterruptedException {
    if (call(Kind.VLM, timing.extractMsPerCommit(), true)) {
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
