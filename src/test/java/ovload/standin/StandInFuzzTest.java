package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import ovload.support.Json;

/**
 * A bounded, seeded fuzz over loopback: a few thousand random requests (routes, methods, query
 * strings, bodies, identities, headers) to one stand-in. Every answer must be the JSON envelope
 * (an object with status "ok", or "error" with a code and a message) and none a 500. Prints the
 * status counts. Some request targets carry malformed percent-escapes and some headers are
 * malformed: those too must get the envelope.
 */
class StandInFuzzTest {
  private static final int REQUESTS = 2500;
  private static final long SEED = 20261129L;
  /** Routes with the method they serve; the fuzz uses another method one time in five. */
  private static final List<String> ROUTES = List.of("GET /health", "GET /api/v1/system/status",
      "POST /api/v1/system/wait", "POST /api/v1/resources/temp_upload", "POST /api/v1/resources",
      "POST /api/v1/search/find", "POST /api/v1/search/search", "POST /api/v1/search/grep",
      "POST /api/v1/search/glob", "POST /api/v1/fs/mkdir", "DELETE /api/v1/fs", "GET /api/v1/fs/ls",
      "GET /api/v1/content/read", "GET /api/v1/sessions", "POST /api/v1/sessions", "GET /api/v1/sessions/{s}",
      "DELETE /api/v1/sessions/{s}", "POST /api/v1/sessions/{s}/messages", "POST /api/v1/sessions/{s}/commit",
      "GET /api/v1/tasks", "GET /api/v1/tasks/{s}", "GET /api/v1/observer/{o}", "GET /api/v1/{s}", "GET /{s}",
      "POST /api/v1/sessions/{s}/{s}");
  private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS");
  private static final List<String> FIELDS = List.of("uri", "query", "target_uri", "limit", "node_limit", "pattern",
      "session_id", "role", "content", "temp_file_id", "to", "parent", "wait", "reason", "recursive", "telemetry",
      "keep_recent_count", "case_insensitive", "score_threshold", "source_name", "parts", "path", "x");

  private final Random random = new Random(SEED);

  @Test
  void everyAnswerIsTheJsonEnvelopeAndNoneIsA500() throws Exception {
    Map<Integer, Integer> counts = new TreeMap<>();
    List<String> bad = new ArrayList<>();
    long started = System.nanoTime();
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withMaxBodyBytes(64 * 1024))) {
      WireClient wire = new WireClient(server.port());
      RawHttp api = new RawHttp(server.baseUrl(), "test-root-api-key", "fuzz");
      api.addResource("viking://resources/fuzz/doc", "# Doc\n\nfuzz words here\n", true);
      for (int i = 0; i < REQUESTS; i++) {
        String[] route = pick(ROUTES).split(" ");
        String method = random.nextInt(5) == 0 ? pick(METHODS) : route[0];
        String target = route[1].replace("{o}", pick(List.of("queue", "system", "models", "nope")));
        while (target.contains("{s}")) {
          target = target.replaceFirst("\\{s}", segment());
        }
        if (random.nextInt(3) == 0) {
          target += "?" + queryString();
        }
        if (random.nextInt(10) == 0) {
          target += pick(List.of("?uri=%zz", "%", "?uri=viking://x%2", "?%%=%", "/%C3%28"));
        }
        byte[] body = random.nextInt(4) == 0 ? null : body();
        WireClient.Answer answer = wire.send(method, target, headers(), body);
        counts.merge(answer.status(), 1, Integer::sum);
        String problem = problem(answer);
        if (problem != null && bad.size() < 20) {
          bad.add(method + " " + target + " -> " + answer.status() + " " + problem);
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf("stand-in fuzz: %d requests in %.1f s, seed %d, statuses %s%n", REQUESTS, seconds, SEED, counts);
    assertTrue(bad.isEmpty(), "answers outside the envelope or 500s:\n" + String.join("\n", bad));
    assertTrue(counts.keySet().stream().noneMatch(s -> s >= 500 && s != 503), counts.toString());
  }

  /** Why the answer is not the envelope, or null when it is. */
  private static String problem(WireClient.Answer answer) {
    if (answer.status() == 500) {
      return "500: " + answer.text();
    }
    JsonNode body;
    try {
      body = Json.MAPPER.readTree(answer.body());
    } catch (Exception e) {
      return "not JSON: " + answer.text().substring(0, Math.min(100, answer.text().length()));
    }
    if (body == null || !body.isObject() || !body.has("status")) {
      return "no envelope: " + answer.text();
    }
    if (answer.status() >= 400) {
      JsonNode error = body.path("error");
      if (!"error".equals(body.get("status").asText()) || !error.path("code").isTextual()
          || !error.path("message").isTextual()) {
        return "error without code and message: " + answer.text();
      }
    }
    return null;
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private String segment() {
    return switch (random.nextInt(6)) {
      case 0 -> "..";
      case 1 -> "%2E%2E";
      case 2 -> URLEncoder.encode(text(), StandardCharsets.UTF_8);
      case 3 -> "s-" + random.nextInt(5);
      case 4 -> "%2F";
      default -> Integer.toHexString(random.nextInt());
    };
  }

  private String text() {
    String alphabet = "ab/.%*?[(\\ é\u0000\n\"'{}:;$~-_viking:";
    StringBuilder s = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  private String uri() {
    return switch (random.nextInt(6)) {
      case 0 -> "viking://resources/fuzz";
      case 1 -> "viking://resources/fuzz/" + text();
      case 2 -> "viking://" + text();
      case 3 -> text();
      case 4 -> "viking://resources/../" + text();
      default -> "viking://";
    };
  }

  private String queryString() {
    List<String> pairs = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      String key = pick(List.of("uri", "recursive", "wait", "limit", "task_type", "status", "x", ""));
      String value = switch (random.nextInt(4)) {
        case 0 -> uri();
        case 1 -> pick(List.of("true", "false", "1", "yes", "maybe", ""));
        case 2 -> String.valueOf(random.nextLong());
        default -> text();
      };
      pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
    return String.join("&", pairs);
  }

  private Object value() {
    return switch (random.nextInt(10)) {
      case 0 -> null;
      case 1 -> random.nextBoolean();
      case 2 -> random.nextInt(7) - 2;
      case 3 -> pick(List.of(536870912L, Long.MAX_VALUE, -1L, 0L));
      case 4 -> pick(List.of(1e300, -0.5, 1.5, Double.MIN_VALUE));
      case 5 -> List.of(text(), random.nextInt());
      case 6 -> Map.of("k", text());
      case 7 -> uri();
      case 8 -> pick(List.of("user", "assistant", "x", ""));
      default -> text();
    };
  }

  private byte[] body() throws Exception {
    switch (random.nextInt(8)) {
      case 0 -> {
        return text().getBytes(StandardCharsets.UTF_8); // not JSON
      }
      case 1 -> {
        return "[1,2,{\"a\":".getBytes(StandardCharsets.UTF_8); // truncated
      }
      case 2 -> {
        byte[] junk = new byte[random.nextInt(64)];
        random.nextBytes(junk);
        return junk;
      }
      default -> {
        Map<String, Object> json = new LinkedHashMap<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
          json.put(pick(FIELDS), value());
        }
        return Json.MAPPER.writeValueAsBytes(json);
      }
    }
  }

  private Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    switch (random.nextInt(10)) {
      case 0 -> { } // no key, no identity
      case 1 -> h.put("X-API-Key", "wrong");
      case 2 -> h.put("Authorization", "Bearer test-root-api-key");
      default -> h.put("X-API-Key", "test-root-api-key");
    }
    if (random.nextInt(8) != 0) {
      h.put("X-OpenViking-Account", random.nextInt(4) == 0 ? "a/" + random.nextInt(3) : "fuzz");
      h.put("X-OpenViking-User", random.nextInt(4) == 0 ? "b/c" : "u");
    }
    switch (random.nextInt(8)) {
      case 6 -> h.put("Bad Header Name", "x");
      case 7 -> h.put("Content-Length", "abc");
      case 0 -> h.put("Content-Type", "multipart/form-data; boundary=" + text().replaceAll("[^a-z]", "q"));
      case 1 -> h.put("Content-Type", "text/plain");
      case 2 -> h.put("X-Request-ID", text().replaceAll("[^ -~]", "_"));
      default -> h.put("Content-Type", "application/json");
    }
    return h;
  }
}
