package ovload.standin.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ovload.standin.api.ContextAssembly.Candidate;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.store.ChatSession;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.SearchIndex.Hit;
import ovload.standin.store.Summaries;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code POST /api/v1/search/search} with {@code mode=context}, as OpenViking 0.5.2 gathers its
 * candidates: the request checked as its model checks it, the query expanded from the session
 * (the mock planner's plan repeats the query, so the planned queries are the query alone), one
 * find over the caller's whole space per planned query (flat), or per category with
 * {@code quotas}/{@code purpose} (a first pass up to each quota, then the best of the rest), then
 * {@link ContextAssembly}. Not modelled: the recall ledger ({@code dedup_turns} reads {@code off})
 * and the digest model ({@code rewrite=true} reads {@code failed}: the suite's mock model does not
 * answer the rewrite prompt with cited bullets, so 0.5.2 with it keeps no digest either).
 */
final class ContextSearch {
  /** Fields only mode=context takes; 0.5.2 refuses them in list mode. */
  static final List<String> CONTEXT_ONLY = List.of("query_expansion", "max_tokens", "quotas", "purpose", "detail",
      "dedup_turns", "exclude_uris", "peer_scope", "other_peer_penalty", "rewrite", "rewrite_max_bullets");
  private static final List<String> BUCKETS = List.of("events", "entities", "preferences", "experiences",
      "resources", "skills");
  private static final List<String> REPORTED = List.of("events", "entities", "preferences", "experiences",
      "resources", "skills", "memories");
  private static final Map<String, Map<String, Integer>> PURPOSES = Map.of(
      "coding", ordered("events", 1, "entities", 2, "preferences", 1, "experiences", 1, "resources", 3, "skills", 2),
      "chat", ordered("events", 3, "entities", 3, "preferences", 1, "experiences", 1, "resources", 1, "skills", 1));
  private static final Map<String, Object> PENALTIES = ordered("events", 0.1, "entities", 0.1, "preferences", 0.02,
      "experiences", 0.02, "resources", 0.02, "skills", 0.02, "memories", 0.1);
  private static final int MAX_CANDIDATE_SCAN = 1000;

  /** Where retrieval counts its queries (the retrieval observer). */
  interface Recorder {
    void record(JsonNode contextType, List<Hit> memories, List<Hit> resources, double latencyMs);
  }

  private final TenantStore store;
  private final SearchIndex index;
  private final ModelProvider model;
  private final Recorder recorder;

  ContextSearch(TenantStore store, SearchIndex index, ModelProvider model, Recorder recorder) {
    this.store = store;
    this.index = index;
    this.model = model;
    this.recorder = recorder;
  }

  @SuppressWarnings("unchecked")
  private static <V> Map<String, V> ordered(Object... pairs) {
    Map<String, V> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], (V) pairs[i + 1]);
    }
    return map;
  }

  /** Whether the body asks for mode=context; in list mode, context-only fields are refused as 0.5.2 refuses them. */
  static boolean contextMode(Body body) {
    String mode = body.optionalText("mode");
    if (mode != null && !mode.equals("list") && !mode.equals("context")) {
      throw ApiException.validation("body.mode", "Input should be 'list' or 'context'", "literal_error");
    }
    if ("context".equals(mode)) {
      return true;
    }
    List<String> used = CONTEXT_ONLY.stream().filter(body::has).sorted().toList();
    if (!used.isEmpty()) {
      throw valueError(String.join(", ", used) + " require mode='context'; set mode='context' or drop these fields");
    }
    return false;
  }

  private static ApiException valueError(String message) {
    return ApiException.validation("body", "Value error, " + message, "value_error");
  }

  private static String choice(Body body, String name, String fallback, List<String> allowed) {
    String value = body.optionalText(name);
    if (value == null) {
      return fallback;
    }
    if (!allowed.contains(value)) {
      throw ApiException.validation("body." + name, "Input should be " + String.join(" or ",
          allowed.stream().map(a -> "'" + a + "'").toList()), "literal_error");
    }
    return value;
  }

  private static long bounded(Body body, String name, long fallback, long min, long max) {
    long value = body.whole(name, fallback, min);
    if (value > max) {
      throw ApiException.validation("body." + name, "Input should be less than or equal to " + max, "less_than_equal");
    }
    return value;
  }

  ContextAssembly.Assembled assemble(Identity id, Body body) throws InterruptedException {
    String query = body.optionalText("query") == null ? "" : body.text("query");
    long limit = body.has("node_limit") ? body.whole("node_limit", 10, 1) : body.whole("limit", 10, 1);
    int maxTokens = (int) bounded(body, "max_tokens", 1600, 64, 32000);
    long dedupTurns = bounded(body, "dedup_turns", 0, 0, 100);
    bounded(body, "rewrite_max_bullets", 6, 1, 20);
    String expansion = choice(body, "query_expansion", "auto", List.of("off", "auto"));
    String peerScope = choice(body, "peer_scope", "all", List.of("actor", "all"));
    String purpose = choice(body, "purpose", null, List.of("chat", "coding"));
    JsonNode rewrite = body.node("rewrite");
    if (body.flag("read_content", false)) {
      throw valueError("read_content is only supported in mode='list'");
    }
    JsonNode target = body.node("target_uri");
    if (target != null && (target.isArray() ? !target.isEmpty() : !target.asText().isEmpty())) {
      throw valueError("target_uri is not supported in mode='context'");
    }
    Map<String, Integer> quotas = quotas(body.node("quotas"), purpose);
    JsonNode detail = body.node("detail");
    Map<String, String> pins = pins(detail);
    if (query.isBlank()) {
      throw ApiException.invalid("Search query or image_url must not be empty unless a filter is provided.");
    }
    model.slowRetrieval();
    String expansionStatus = "off";
    String sessionId = body.optionalText("session_id");
    if (expansion.equals("auto") && sessionId != null && hasMessages(id, sessionId)) {
      model.analyseIntent();
      expansionStatus = "used";
    }
    List<String> planned = List.of(query); // the mock planner's queries repeat the query, which 0.5.2 drops
    model.admitQueries();
    model.embedQueries();
    Set<String> excluded = new HashSet<>();
    JsonNode excludes = body.node("exclude_uris");
    if (excludes != null) {
      excludes.forEach(u -> excluded.add(u.asText().strip()));
    }
    double threshold = SearchRoutes.scoreThreshold(body);
    Tenant tenant = store.tenant(id.key());
    long start = System.nanoTime();
    List<Hit> found = new ArrayList<>();
    Map<String, Integer> positions = new LinkedHashMap<>();
    int scan = (int) Math.min(MAX_CANDIDATE_SCAN, quotas == null ? limit : MAX_CANDIDATE_SCAN);
    for (String q : planned) { // dedupe by URI keeping the best score, as 0.5.2's gather
      for (Hit hit : index.search(id.key(), "viking://", q, List.of(), scan, threshold)) {
        Integer at = positions.putIfAbsent(hit.uri(), found.size());
        if (at == null) {
          found.add(hit);
        } else if (hit.score() > found.get(at).score()) {
          found.set(at, hit);
        }
      }
    }
    recorder.record(null, found.stream().filter(h -> "memory".equals(h.contextType())).toList(),
        found.stream().filter(h -> !"memory".equals(h.contextType())).toList(), (System.nanoTime() - start) / 1e6);
    Map<String, Integer> searched = new LinkedHashMap<>();
    int[] excludedCount = {0};
    List<Candidate> candidates;
    Comparator<Candidate> ranked = Comparator.comparingDouble(Candidate::score).reversed();
    if (quotas == null) {
      searched.put("all", found.size());
      candidates = new ArrayList<>(build(found, excluded, excludedCount));
      candidates.sort(ranked);
      candidates = candidates.subList(0, (int) Math.min(limit, candidates.size()));
    } else {
      candidates = bucketed(found, quotas, excluded, excludedCount, searched, ranked);
    }
    Map<String, Object> gathered = new LinkedHashMap<>();
    gathered.put("searched", searched);
    gathered.put("candidates", candidates.size());
    gathered.put("excluded", excludedCount[0]);
    gathered.put("origins", ordered("actor_peer", 0, "self", candidates.size(), "other_peer", 0));
    gathered.put("peer_scope", peerScope);
    gathered.put("quotas", quotas);
    Map<String, Object> tail = new LinkedHashMap<>();
    tail.put("purpose", purpose);
    tail.put("query_expansion", expansionStatus);
    tail.put("planned_queries", planned);
    tail.put("score_threshold", body.node("score_threshold") == null ? null : threshold);
    tail.put("other_peer_penalties", PENALTIES);
    tail.put("rewrite", rewrite != null && rewrite.isBoolean() && rewrite.asBoolean() && !candidates.isEmpty()
        ? "failed" : "off");
    tail.put("rewrite_usage", null);
    Map<String, Object> dedup = new LinkedHashMap<>();
    dedup.put("turns", dedupTurns);
    dedup.put("status", "off");
    dedup.put("cooled", 0);
    dedup.put("turn", null);
    tail.put("dedup", dedup);
    VikingTree tree = tenant.tree();
    Object detailStats = pins.isEmpty() ? null : detail.isTextual() ? detail.asText() : pins;
    return ContextAssembly.assemble(candidates,
        new ContextAssembly.Budget(maxTokens, pins, detailStats, c -> read(tree, c)), gathered, tail);
  }

  private boolean hasMessages(Identity id, String sessionId) {
    ChatSession session = store.tenant(id.key()).session(sessionId);
    if (session == null) {
      return false;
    }
    session.lock.lock();
    try {
      return !session.recentText(5).isEmpty();
    } finally {
      session.lock.unlock();
    }
  }

  /** The text behind a candidate's deeper tiers: a file's body; a directory's overview document (its level-1 summary). */
  private String read(VikingTree tree, Candidate c) {
    if (c.directory()) {
      return tree.find(c.baseUri()) == null ? "" : Summaries.directoryOverview(c.baseUri());
    }
    VikingTree.Node node = tree.find(c.baseUri());
    return node == null || node.dir() ? "" : node.content();
  }

  private static List<Candidate> build(List<Hit> hits, Set<String> excluded, int[] excludedCount) {
    List<Candidate> built = new ArrayList<>();
    for (Hit hit : hits) {
      Candidate c = ContextAssembly.Candidate.of(hit, "memory".equals(hit.contextType()) ? null : "resources");
      if (c.baseUri().endsWith("/profile.md")) {
        continue;
      }
      if (excluded.stream().anyMatch(x -> VikingUri.isUnder(hit.uri(), x) || VikingUri.isUnder(c.baseUri(), x))) {
        excludedCount[0]++;
        continue;
      }
      built.add(c);
    }
    return built;
  }

  /** Quotas per category: each a first-pass ceiling, slots left unused go to the best remaining candidates. */
  private static List<Candidate> bucketed(List<Hit> found, Map<String, Integer> quotas, Set<String> excluded,
      int[] excludedCount, Map<String, Integer> searched, Comparator<Candidate> ranked) {
    int total = quotas.values().stream().mapToInt(Integer::intValue).filter(q -> q > 0).sum();
    List<Candidate> all = build(found, excluded, excludedCount);
    List<Candidate> first = new ArrayList<>();
    List<Candidate> spare = new ArrayList<>();
    quotas.forEach((bucket, quota) -> {
      if (quota <= 0) {
        return;
      }
      List<Candidate> mine = new ArrayList<>(all.stream().filter(c -> c.category().equals(bucket)).limit(total).toList());
      searched.put(bucket, mine.size());
      mine.sort(ranked);
      first.addAll(mine.subList(0, Math.min(quota, mine.size())));
      spare.addAll(mine.subList(Math.min(quota, mine.size()), mine.size()));
    });
    List<Candidate> out = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (Candidate c : first) {
      if (taken.add(c.baseUri())) {
        out.add(c);
      }
    }
    spare.sort(ranked);
    for (Candidate c : spare) {
      if (out.size() >= total) {
        break;
      }
      if (taken.add(c.baseUri())) {
        out.add(c);
      }
    }
    out.sort(ranked);
    return out;
  }

  private static Map<String, Integer> quotas(JsonNode value, String purpose) {
    if (value == null) {
      return purpose == null ? null : PURPOSES.get(purpose);
    }
    if (!value.isObject()) {
      throw ApiException.validation("body.quotas", "Input should be a valid dictionary", "dict_type");
    }
    Set<String> unknown = new TreeSet<>();
    value.fieldNames().forEachRemaining(k -> {
      if (!BUCKETS.contains(k)) {
        unknown.add(k);
      }
    });
    if (!unknown.isEmpty()) {
      throw valueError("unknown quota keys: " + String.join(", ", unknown) + "; allowed: " + String.join(", ", BUCKETS));
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    value.fields().forEachRemaining(e -> out.put(e.getKey(), Math.max(0, e.getValue().asInt())));
    return out;
  }

  /** {@code detail}: one tier for every category, or a tier per category; {@code auto} and unknown tiers are no pin. */
  private static Map<String, String> pins(JsonNode value) {
    List<String> tiers = List.of("abstract", "overview", "full");
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (value.isObject()) {
      Set<String> unknown = new TreeSet<>();
      value.fieldNames().forEachRemaining(k -> {
        if (!REPORTED.contains(k)) {
          unknown.add(k);
        }
      });
      if (!unknown.isEmpty()) {
        throw valueError("unknown detail keys: " + String.join(", ", unknown) + "; allowed: " + String.join(", ", REPORTED));
      }
    }
    if (value.isTextual()) {
      if (tiers.contains(value.asText())) {
        for (String category : REPORTED) {
          out.put(category, value.asText());
        }
      }
      return out;
    }
    value.fields().forEachRemaining(e -> {
      if (tiers.contains(e.getValue().asText())) {
        out.put(e.getKey(), e.getValue().asText());
      }
    });
    return out;
  }
}
