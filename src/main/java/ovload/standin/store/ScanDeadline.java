package ovload.standin.store;

import java.util.Map;
import ovload.standin.http.ApiException;

/**
 * The time one request may spend scanning the tree (grep, glob): past it the scan stops with
 * {@code 504 DEADLINE_EXCEEDED}, so that no request holds a request thread, which {@code /health}
 * shares, for longer. The real server sets no such limit; the stand-in's threads are few.
 */
public record ScanDeadline(long endNanos, long limitMillis) {
  /** A deadline {@code limitMillis} from now. */
  public static ScanDeadline in(long limitMillis) {
    return new ScanDeadline(System.nanoTime() + limitMillis * 1_000_000, limitMillis);
  }

  /** Throws once the time is up; {@code uri} names what was being scanned. */
  void check(String uri) {
    if (System.nanoTime() - endNanos > 0) {
      throw new ApiException("DEADLINE_EXCEEDED", "the scan of " + uri + " took longer than " + limitMillis
          + " ms: narrow the uri or the pattern", Map.of("resource", uri));
    }
  }
}
