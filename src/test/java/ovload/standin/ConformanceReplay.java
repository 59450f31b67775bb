package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import ovload.support.Json;

/**
 * Replays a conformance corpus recorded from a real OpenViking server (scripts/record-conformance.sh)
 * against a server and lists every difference: status, error code, the answer's structure (keys and
 * value types, recursively, arrays by the merge of their items, empty or not) and the values the
 * recorder kept for stable keys. Paths listed in the corpus's not-compared.json are skipped.
 */
final class ConformanceReplay {
  static final String ACCOUNT = "conf";
  static final String USER = "alice";
  static final String OTHER_USER = "bob";
  private static final Pattern VAR = Pattern.compile("\\{\\{(\\w+)}}");

  record Exchange(String file, JsonNode json) {
    String name() {
      return json.get("name").asText();
    }
  }

  /**
   * A field (and all below it) not compared in matching exchanges; {@code *} in either is a
   * wildcard. {@code @status}, {@code @code}: the HTTP status, the error code; {@code @body}:
   * the whole answer.
   */
  record Rule(String exchange, String path, String reason) {
    boolean covers(String exchangeName, String at) {
      return glob(exchange).matcher(exchangeName).matches()
          && Pattern.compile(glob(path).pattern() + "(\\..*|\\[].*)?").matcher(at).matches();
    }

    private static Pattern glob(String g) {
      return Pattern.compile(Pattern.quote(g).replace("*", "\\E.*\\Q"));
    }
  }

  private final List<Exchange> exchanges;
  private final List<Rule> rules;
  private final String apiKey;

  ConformanceReplay(Path corpus, String apiKey) throws IOException {
    this.apiKey = apiKey;
    List<Exchange> loaded = new ArrayList<>();
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d{3,4}-.*\\.json")).sorted().toList()) {
        loaded.add(new Exchange(f.getFileName().toString(), Json.MAPPER.readTree(f.toFile())));
      }
    }
    this.exchanges = loaded;
    List<Rule> loadedRules = new ArrayList<>();
    Path notCompared = corpus.resolve("not-compared.json");
    if (Files.exists(notCompared)) {
      for (JsonNode r : Json.MAPPER.readTree(notCompared.toFile())) {
        if (r.path("reason").asText().isBlank()) {
          throw new IllegalStateException("not-compared.json: every entry needs a reason: " + r);
        }
        loadedRules.add(new Rule(r.get("exchange").asText(), r.get("path").asText(), r.get("reason").asText()));
      }
    }
    this.rules = loadedRules;
  }

  static Path corpus(String version) {
    return corpusFolder("openviking-" + version);
  }

  /** A corpus folder under src/test/resources/conformance (the benchmark's, or the clients' {@code -clients}). */
  static Path corpusFolder(String name) {
    try {
      return Path.of(ConformanceReplay.class.getResource("/conformance/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  List<Exchange> exchanges() {
    return exchanges;
  }

  /** Sends every exchange in order to 127.0.0.1:port; returns the differences, one line each. */
  List<String> replay(int port) throws IOException {
    WireClient wire = new WireClient(port);
    Map<String, String> vars = new HashMap<>();
    List<String> diffs = new ArrayList<>();
    for (Exchange e : exchanges) {
      JsonNode req = e.json().get("request");
      WireClient.Answer answer = wire.send(req.get("method").asText(), fill(req.get("path").asText(), vars),
          headers(req), body(req, vars));
      JsonNode body = parse(answer.body());
      if (e.json().has("capture")) {
        e.json().get("capture").fields().forEachRemaining(c -> {
          JsonNode v = pick(body, c.getValue().asText());
          vars.put(c.getKey(), v == null || v.isNull() ? "<missing-" + c.getKey() + ">" : v.asText());
        });
      }
      compare(e, answer, body, diffs);
    }
    return diffs;
  }

  private static JsonNode parse(byte[] bytes) {
    try {
      return bytes.length == 0 ? null : Json.MAPPER.readTree(bytes);
    } catch (IOException notJson) {
      return null;
    }
  }

  private void compare(Exchange e, WireClient.Answer answer, JsonNode body, List<String> diffs) {
    String name = e.name();
    String where = e.file().replace(".json", "");
    JsonNode expected = e.json().get("response");
    if (expected.get("status").asInt() != answer.status() && !skipped(name, "@status")) {
      diffs.add(where + ": status: real " + expected.get("status").asInt() + ", stand-in " + answer.status());
    }
    if (body == null || !body.isObject()) {
      if (expected.has("shape") && !skipped(name, "@body")) {
        diffs.add(where + ": not a JSON object on the stand-in: " + answer.text().substring(0, Math.min(120, answer.text().length())));
      }
      return;
    }
    String realCode = expected.path("code").isNull() ? null : expected.path("code").asText(null);
    String code = body.path("error").path("code").asText(null);
    if (!java.util.Objects.equals(realCode, code) && !skipped(name, "@code")) {
      diffs.add(where + ": error code: real " + realCode + ", stand-in " + code);
    }
    if (expected.has("shape")) {
      compareShape(where, name, "", expected.get("shape"), shape(body), diffs);
    }
    expected.path("values").fields().forEachRemaining(v -> {
      if (skipped(name, v.getKey()) || skipped(name, "@body")) {
        return;
      }
      JsonNode actual = pick(body, v.getKey());
      if (actual == null || !actual.equals(v.getValue())) {
        diffs.add(where + ": " + v.getKey() + ": real " + v.getValue() + ", stand-in " + (actual == null ? "(absent)" : actual));
      }
    });
  }

  private boolean skipped(String exchange, String path) {
    return rules.stream().anyMatch(r -> r.covers(exchange, path));
  }

  private void compareShape(String where, String name, String path, JsonNode real, JsonNode ours, List<String> diffs) {
    if (skipped(name, path.isEmpty() ? "@body" : path)) {
      return;
    }
    String at = path.isEmpty() ? "(body)" : path;
    if (real.isObject() && ours.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      real.fieldNames().forEachRemaining(keys::add);
      ours.fieldNames().forEachRemaining(keys::add);
      for (String k : keys) {
        String sub = path.isEmpty() ? k : path + "." + k;
        if (skipped(name, sub)) {
          continue;
        }
        if (!real.has(k)) {
          diffs.add(where + ": " + sub + ": only on the stand-in (" + brief(ours.get(k)) + ")");
        } else if (!ours.has(k)) {
          diffs.add(where + ": " + sub + ": missing on the stand-in (real " + brief(real.get(k)) + ")");
        } else {
          compareShape(where, name, sub, real.get(k), ours.get(k), diffs);
        }
      }
    } else if (real.isArray() && ours.isArray()) {
      if (real.isEmpty() != ours.isEmpty()) {
        if (!skipped(name, path + "[]")) {
          diffs.add(where + ": " + at + ": real " + (real.isEmpty() ? "empty" : "non-empty") + ", stand-in "
              + (ours.isEmpty() ? "empty" : "non-empty"));
        }
      } else if (!real.isEmpty()) {
        compareShape(where, name, path + "[]", real.get(0), ours.get(0), diffs);
      }
    } else if (!real.equals(ours)) {
      diffs.add(where + ": " + at + ": real " + brief(real) + ", stand-in " + brief(ours));
    }
  }

  private static String brief(JsonNode shape) {
    String s = shape.isTextual() ? shape.asText() : shape.toString();
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  /** The structure of a JSON value, as scripts/record-conformance.py writes it. */
  static JsonNode shape(JsonNode value) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    if (value == null || value.isNull() || value.isMissingNode()) {
      return TextNode.valueOf("null");
    }
    if (value.isObject()) {
      ObjectNode o = f.objectNode();
      new TreeSet<String>(iterable(value)).forEach(k -> o.set(k, shape(value.get(k))));
      return o;
    }
    if (value.isArray()) {
      JsonNode merged = null;
      for (JsonNode item : value) {
        merged = merged == null ? shape(item) : merge(merged, shape(item));
      }
      ArrayNode a = f.arrayNode();
      if (merged != null) {
        a.add(merged);
      }
      return a;
    }
    return TextNode.valueOf(value.isBoolean() ? "boolean" : value.isNumber() ? "number" : "string");
  }

  private static List<String> iterable(JsonNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static JsonNode merge(JsonNode a, JsonNode b) {
    if (a.equals(b)) {
      return a;
    }
    if (a.isObject() && b.isObject()) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      TreeSet<String> keys = new TreeSet<>(iterable(a));
      keys.addAll(iterable(b));
      keys.forEach(k -> o.set(k, a.has(k) && b.has(k) ? merge(a.get(k), b.get(k)) : a.has(k) ? a.get(k) : b.get(k)));
      return o;
    }
    if (a.isArray() && b.isArray()) {
      if (a.isEmpty() || b.isEmpty()) {
        return a.isEmpty() ? b : a;
      }
      return JsonNodeFactory.instance.arrayNode().add(merge(a.get(0), b.get(0)));
    }
    if (a.isTextual() && b.isTextual()) {
      TreeSet<String> types = new TreeSet<>(List.of(a.asText().split("\\|")));
      types.addAll(List.of(b.asText().split("\\|")));
      return TextNode.valueOf(String.join("|", types));
    }
    return a.isContainerNode() ? a : b;
  }

  static JsonNode pick(JsonNode body, String path) {
    JsonNode at = body;
    for (String part : path.split("\\.")) {
      if (at == null || !at.isObject()) {
        return null;
      }
      at = at.get(part);
    }
    return at;
  }

  private static String fill(String text, Map<String, String> vars) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), "<missing-" + m.group(1) + ">")));
    }
    m.appendTail(out);
    return out.toString();
  }

  private Map<String, String> headers(JsonNode req) {
    Map<String, String> h = new LinkedHashMap<>();
    String auth = req.get("auth").asText();
    switch (auth) {
      case "root", "no-identity" -> h.put("X-API-Key", apiKey);
      case "bearer" -> h.put("Authorization", "Bearer " + apiKey);
      case "wrong-key" -> h.put("X-API-Key", "wrong-key");
      case "other-user" -> h.put("X-API-Key", apiKey);
      default -> { }
    }
    if (List.of("root", "bearer", "wrong-key", "no-key").contains(auth)) {
      h.put("X-OpenViking-Account", ACCOUNT);
      h.put("X-OpenViking-User", USER);
    } else if (auth.equals("other-user")) {
      h.put("X-OpenViking-Account", ACCOUNT);
      h.put("X-OpenViking-User", OTHER_USER);
    }
    if (req.has("upload")) {
      h.put("Content-Type", "multipart/form-data; boundary=conformanceboundary");
    } else if (req.has("raw_body")) {
      h.put("Content-Type", req.get("content_type").asText());
    } else if (req.has("body")) {
      h.put("Content-Type", "application/json");
    }
    return h;
  }

  private static byte[] body(JsonNode req, Map<String, String> vars) throws IOException {
    if (req.has("upload")) {
      JsonNode u = req.get("upload");
      return ("--conformanceboundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
          + u.get("file_name").asText() + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
          + u.get("content").asText() + "\r\n--conformanceboundary--\r\n").getBytes(StandardCharsets.UTF_8);
    }
    if (req.has("raw_body")) {
      String raw = req.get("raw_body").asText().replace("{{pad}}", "x".repeat(req.path("pad_bytes").asInt(0)));
      return fill(raw, vars).getBytes(StandardCharsets.UTF_8);
    }
    if (req.has("body")) {
      return fill(Json.MAPPER.writeValueAsString(req.get("body")), vars).getBytes(StandardCharsets.UTF_8);
    }
    return null;
  }
}
