package ovload.mockmodel;

import java.util.concurrent.Semaphore;

/**
 * The life of one simulated model call: counted, perhaps failed on purpose, then held to the
 * concurrency limit (waiting for a permit counts in its latency, as a saturated vendor's queue
 * would), delayed, and recorded when answered.
 */
final class ModelCalls {
  private final ModelStats stats;
  private final InjectedErrors errors;
  private final int errorStatus;
  private final Semaphore permits;

  ModelCalls(MockModelConfig config, ModelStats stats) {
    this.stats = stats;
    this.errors = new InjectedErrors(config.errorRate(), config.seed());
    this.errorStatus = config.errorStatus();
    this.permits = config.concurrency() > 0 ? new Semaphore(config.concurrency(), true) : null;
  }

  /** Starts a call that arrived at {@code startNanos}; throws the injected error instead, at once, as a rate limiter would. */
  Call begin(ModelStats.Endpoint endpoint, long startNanos) throws InterruptedException {
    ModelStats.Counters counters = stats.counters(endpoint);
    counters.called();
    if (errors.next()) {
      counters.errorInjected();
      throw OpenAiError.injected(errorStatus);
    }
    if (permits != null && !permits.tryAcquire()) {
      long waitStart = System.nanoTime();
      permits.acquire();
      counters.waited((System.nanoTime() - waitStart) / 1e6);
    }
    counters.entered();
    return new Call(counters, startNanos);
  }

  /** A call holding its permit; closing it frees the permit and, if it was answered, records it. */
  final class Call implements AutoCloseable {
    private final ModelStats.Counters counters;
    private final long startNanos;
    private long modelMs;
    private boolean answered;
    private int inputTokens;
    private int outputTokens;

    private Call(ModelStats.Counters counters, long startNanos) {
      this.counters = counters;
      this.startNanos = startNanos;
    }

    /** The simulated model work: the delay is the work. */
    void model(long ms) throws InterruptedException {
      if (ms > 0) {
        Thread.sleep(ms);
        modelMs += ms;
      }
    }

    void answered(int input, int output) {
      answered = true;
      inputTokens = input;
      outputTokens = output;
    }

    @Override
    public void close() {
      if (answered) {
        counters.answered(inputTokens, outputTokens, modelMs, (System.nanoTime() - startNanos) / 1e6);
      }
      counters.left();
      if (permits != null) {
        permits.release();
      }
    }
  }
}
