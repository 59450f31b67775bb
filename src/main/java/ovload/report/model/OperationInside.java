package ovload.report.model;

import ovload.model.Operation;
import ovload.serverside.metrics.HistogramQuantile;
import ovload.serverside.profile.DifferentialProfile;

/**
 * What one retrieval operation's "Inside the server" sentence says, in either language: its p95
 * alone and under mixed load and, when it grew, the server's figures that moved with it. A null
 * figure was not there; a source that was off is {@code false} in its flag.
 *
 * @param routeP95BeforeMs the server's own p95 for the operation's route in retrieval, ms, with its histogram bucket
 * @param embeddingP95BeforeMs the embedding calls' p95 in retrieval, ms, with its bucket (both embedding figures or neither)
 * @param queueWaitMs background tasks' mean wait in queue under mixed load, ms
 * @param busiest the thread kind whose busy share grew most
 * @param topGrowth the function whose share of busy samples grew most
 * @param profiled both phases' profiles were compared (the profile was on and both were there)
 */
public record OperationInside(Operation op, double aloneMs, double loadedMs, boolean metricsMeasured, boolean profileMeasured,
    HistogramQuantile routeP95BeforeMs, HistogramQuantile routeP95AfterMs, HistogramQuantile embeddingP95BeforeMs,
    HistogramQuantile embeddingP95AfterMs, Double queueWaitMs,
    Double inflightBefore, Double inflightAfter, boolean profiled, DifferentialProfile.KindChange busiest,
    DifferentialProfile.FunctionChange topGrowth) {

  public boolean grew() {
    return loadedMs > aloneMs;
  }
}
