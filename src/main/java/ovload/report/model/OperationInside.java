package ovload.report.model;

import ovload.model.Operation;
import ovload.serverside.profile.DifferentialProfile;

/**
 * What one retrieval operation's "Inside the server" sentence says, in either language: its p95
 * alone and under mixed load and, when it grew, the server's figures that moved with it. A null
 * figure was not there; a source that was off is {@code false} in its flag.
 *
 * @param routeP95BeforeMs the server's own p95 for the operation's route in retrieval, ms
 * @param embeddingP95GrowthMs the embedding calls' p95 under mixed load minus in retrieval, ms
 * @param queueWaitMs background tasks' mean wait in queue under mixed load, ms
 * @param busiest the thread kind whose busy share grew most
 * @param topGrowth the function whose share of busy samples grew most
 * @param profiled both phases' profiles were compared (the profile was on and both were there)
 */
public record OperationInside(Operation op, double aloneMs, double loadedMs, boolean metricsMeasured, boolean profileMeasured,
    Double routeP95BeforeMs, Double routeP95AfterMs, Double embeddingP95GrowthMs, Double queueWaitMs,
    Double inflightBefore, Double inflightAfter, boolean profiled, DifferentialProfile.KindChange busiest,
    DifferentialProfile.FunctionChange topGrowth) {

  public boolean grew() {
    return loadedMs > aloneMs;
  }
}
