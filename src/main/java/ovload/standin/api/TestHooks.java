package ovload.standin.api;

import ovload.standin.store.Faults;
import ovload.standin.store.TempUploads;

/**
 * What tests reach past the API for: the upload expiry, the breaker's state, a model provider that
 * recovers or breaks while the server runs. No route leads here.
 */
public final class TestHooks {
  private final TempUploads uploads;
  private final ModelProvider model;
  private final Faults faults;

  TestHooks(TempUploads uploads, ModelProvider model, Faults faults) {
    this.uploads = uploads;
    this.model = model;
    this.faults = faults;
  }

  /** How long an unclaimed temp upload is kept (the real server's default is an hour). */
  public void expireUploadsAfter(long millis) {
    uploads.expireAfter(millis);
  }

  public int unclaimedUploads() {
    return uploads.unclaimed();
  }

  public boolean breakerOpen() {
    return model.breakerOpen();
  }

  /** The share of model calls that fail from now on. */
  public void modelErrorRate(double rate) {
    faults.modelErrorRate(rate);
  }
}
