package ovload.gatling;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import ovload.support.Json;

/**
 * The sdk adapter's JSON request bodies as the UTF-8 bytes Gatling sends. A retrieval body depends on
 * a few values drawn from small sets (a query, a session), so each distinct body is serialised once
 * and then reused: the request path neither builds a map nor runs Jackson nor encodes text per
 * request. Bodies of unbounded variety (message contents) are not kept.
 */
final class RequestBodies {
  /** More distinct bodies than this (many queries times many sessions) are serialised each time, not kept. */
  static final int MAX_KEPT = 50_000;

  private final Map<Object, byte[]> kept = new ConcurrentHashMap<>();

  /**
   * The body of {@code key} (which must determine it), serialised by {@code body} the first time. A
   * key made of values the session already holds (a query, a record of a query and a session) hashes
   * with their cached hashes, and a {@code body} that captures nothing is allocated once, not per request.
   */
  <K> byte[] kept(K key, Function<? super K, byte[]> body) {
    byte[] bytes = kept.get(key);
    if (bytes != null) {
      return bytes;
    }
    bytes = body.apply(key);
    if (kept.size() < MAX_KEPT) {
      kept.putIfAbsent(key, bytes);
    }
    return bytes;
  }

  int size() {
    return kept.size();
  }

  /** A JSON object of the key-value pairs in order, then {@code extra}'s members, compact, as UTF-8. */
  static byte[] json(Map<String, Object> extra, Object... keyValues) {
    Map<String, Object> body = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      body.put((String) keyValues[i], keyValues[i + 1]);
    }
    body.putAll(extra);
    try {
      return Json.MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
