package ovload.standin;

/**
 * How long the stand-in's "model" work takes, so users can tell server bottlenecks from model
 * latency: no delay, delays like a hosted embedding and chat model, or several times those.
 */
public enum ModelMode {
  INSTANT(0, 0, 0),
  REALISTIC(15, 200, 20),
  SLOW(75, 1000, 100);

  /** Embedding delay per chunk of an added resource. */
  public final long embedMsPerChunk;
  /** Memory-extraction delay per committed session. */
  public final long extractMsPerCommit;
  /** Intent-analysis delay of a search whose session has messages. */
  public final long intentMs;

  ModelMode(long embedMsPerChunk, long extractMsPerCommit, long intentMs) {
    this.embedMsPerChunk = embedMsPerChunk;
    this.extractMsPerCommit = extractMsPerCommit;
    this.intentMs = intentMs;
  }
}
