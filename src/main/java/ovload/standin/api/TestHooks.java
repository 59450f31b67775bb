package ovload.standin.api;

import ovload.standin.store.Faults;
import ovload.standin.store.TempUploads;

/**
 * What tests reach past the API for: the upload expiry and bound, the scan limit, the breaker's state, a model provider that
 * recovers or breaks while the server runs. No route leads here.
 */
public final class TestHooks {
  private final TempUploads uploads;
  private final ModelProvider model;
  private final Faults faults;
  private final SearchRoutes search;

  TestHooks(TempUploads uploads, ModelProvider model, Faults faults, SearchRoutes search) {
    this.search = search;
    this.uploads = uploads;
    this.model = model;
    this.faults = faults;
  }

  /** How long an unclaimed temp upload is kept (the real server's default is an hour). */
  public void expireUploadsAfter(long millis) {
    uploads.expireAfter(millis);
  }

  /** How many unclaimed upload bytes are held at most. */
  public void holdUploadsAtMost(long bytes) {
    uploads.holdAtMost(bytes);
  }

  public int unclaimedUploads() {
    return uploads.unclaimed();
  }

  public long heldUploadBytes() {
    return uploads.heldBytes();
  }

  /** How long one grep or glob may scan from now on. */
  public void scanLimitMillis(long millis) {
    search.scanLimitMillis(millis);
  }

  public boolean breakerOpen() {
    return model.breakerOpen();
  }

  /** The share of model calls that fail from now on. */
  public void modelErrorRate(double rate) {
    faults.modelErrorRate(rate);
  }
}
