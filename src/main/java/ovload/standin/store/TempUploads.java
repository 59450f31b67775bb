package ovload.standin.store;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Files sent to temp_upload and not yet claimed by an add_resource: each claimable once, by the
 * identity that sent it, until it expires (the real server keeps one an hour by default).
 */
public final class TempUploads {
  /** One uploaded file, kept for the identity of {@code tenant}. */
  public record Upload(String tenant, String fileName, byte[] bytes, long createdMillis) {}

  private final Map<String, Upload> uploads = new ConcurrentHashMap<>();
  private volatile long ttlMillis = TimeUnit.HOURS.toMillis(1);

  /** Drops the unclaimed uploads that have expired. */
  public void sweep() {
    long now = System.currentTimeMillis();
    uploads.values().removeIf(u -> now - u.createdMillis() > ttlMillis);
  }

  /** Keeps a file; returns its temp file id ({@code upload_<16 hex digits><extension>}). */
  public String keep(String tenant, String fileName, byte[] bytes) {
    String ext = fileName.contains(".") ? fileName.substring(fileName.lastIndexOf('.')) : "";
    byte[] raw = new byte[8];
    ThreadLocalRandom.current().nextBytes(raw);
    String tempId = "upload_" + HexFormat.of().formatHex(raw) + ext;
    uploads.put(tempId, new Upload(tenant, fileName, bytes, System.currentTimeMillis()));
    return tempId;
  }

  /**
   * Takes the upload out: null when the id is unknown, expired or another identity's. A claim by
   * the wrong identity uses the id up too.
   */
  public Upload claim(String tenant, String tempId) {
    Upload upload = uploads.remove(tempId);
    if (upload == null || !upload.tenant().equals(tenant)
        || System.currentTimeMillis() - upload.createdMillis() > ttlMillis) {
      return null;
    }
    return upload;
  }

  /** Test hook: how long an unclaimed upload is kept. */
  public void expireAfter(long millis) {
    ttlMillis = millis;
  }

  public int unclaimed() {
    return uploads.size();
  }
}
