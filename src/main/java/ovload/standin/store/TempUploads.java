package ovload.standin.store;

import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Files sent to temp_upload and not yet claimed by an add_resource: each claimable once, by the
 * identity that sent it, until it expires (the real server keeps one an hour by default). They are
 * held in the heap, so their total size is bounded too: a new upload pushes out the oldest
 * unclaimed ones beyond the bound, and a claim of a pushed-out id is refused as an expired one is.
 */
public final class TempUploads {
  /** One uploaded file, kept for the identity of {@code tenant}. */
  public record Upload(String tenant, String fileName, byte[] bytes, long createdMillis) {}

  /** The unclaimed bytes the stand-in holds at most: a few of the largest bodies it accepts. */
  static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** Oldest first (insertion order), so the bound drops the oldest. */
  private final Map<String, Upload> uploads = new LinkedHashMap<>();
  private long heldBytes;
  private long ttlMillis = TimeUnit.HOURS.toMillis(1);
  private long maxBytes = DEFAULT_MAX_BYTES;

  /**
   * Keeps a file; returns its temp file id ({@code upload_<16 hex digits><extension>}). Expired
   * uploads go first, then the oldest until the new one fits the bound.
   */
  public synchronized String keep(String tenant, String fileName, byte[] bytes) {
    String name = VikingUri.fileName(fileName);
    int dot = name.lastIndexOf('.');
    String ext = dot > 0 ? name.substring(dot) : "";
    byte[] raw = new byte[8];
    ThreadLocalRandom.current().nextBytes(raw);
    String tempId = "upload_" + HexFormat.of().formatHex(raw) + ext;
    long now = System.currentTimeMillis();
    Iterator<Upload> oldestFirst = uploads.values().iterator();
    while (oldestFirst.hasNext()) {
      Upload u = oldestFirst.next();
      if (now - u.createdMillis() <= ttlMillis && heldBytes + bytes.length <= maxBytes) {
        break;
      }
      heldBytes -= u.bytes().length;
      oldestFirst.remove();
    }
    uploads.put(tempId, new Upload(tenant, fileName, bytes, now));
    heldBytes += bytes.length;
    return tempId;
  }

  /**
   * Takes the upload out: null when the id is unknown, expired or another identity's. Only its
   * owner's claim removes it: another identity presenting the id changes nothing.
   */
  public synchronized Upload claim(String tenant, String tempId) {
    Upload upload = uploads.get(tempId);
    if (upload == null || !upload.tenant().equals(tenant)) {
      return null;
    }
    uploads.remove(tempId);
    heldBytes -= upload.bytes().length;
    return System.currentTimeMillis() - upload.createdMillis() > ttlMillis ? null : upload;
  }

  /** Test hook: how long an unclaimed upload is kept. */
  public synchronized void expireAfter(long millis) {
    ttlMillis = millis;
  }

  /** Test hook: how many unclaimed bytes are held at most. */
  public synchronized void holdAtMost(long bytes) {
    maxBytes = bytes;
  }

  public synchronized int unclaimed() {
    return uploads.size();
  }

  public synchronized long heldBytes() {
    return heldBytes;
  }
}
