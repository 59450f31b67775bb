package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.OperationTelemetry;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.ChatSession;
import ovload.standin.store.ScanDeadline;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.SearchIndex.Hit;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingTree.GrepMatch;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/search}: find and search over the index (search with a session's recent messages
 * as context), grep and glob over the identity's tree. Every one takes the configured retrieval
 * delay first.
 */
final class SearchRoutes {
  /** FindRequest's fields (extra="forbid"). */
  static final Set<String> FIND_FIELDS = Set.of("query", "image_url", "target_uri", "context_type", "limit",
      "node_limit", "score_threshold", "filter", "include_provenance", "tags", "since", "until", "time_field",
      "level", "read_content", "telemetry", "events_time_decay_protection");
  /** SearchRequest's fields (extra="forbid"): find's plus the session and context options. */
  static final Set<String> SEARCH_FIELDS = union(FIND_FIELDS, Set.of("search_type", "session_id", "mode",
      "query_expansion", "max_tokens", "quotas", "purpose", "detail", "dedup_turns", "exclude_uris", "peer_scope",
      "other_peer_penalty", "rewrite", "rewrite_max_bullets"));
  private static final int MAX_HITS = 10_000;
  /**
   * 0.5.2's answer to {@code search_type=keywords} with its default (local) vector backend, which
   * has no full-text index: the stand-in answers as that configuration does.
   */
  static final String NO_KEYWORD_SEARCH = "Keyword search is not supported by the configured vector backend, "
      + "or full-text indexing is not enabled for the content field.";
  /** Far above any scan of the suite's data; a bound on a hostile one. */
  static final long DEFAULT_SCAN_LIMIT_MILLIS = 10_000;
  /** Compiled once: String.split compiles a multi-character pattern on every call. */
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /** {@code query_plan} only when the search planned its queries (a session with messages), as 0.5.2. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Found(List<Hit> memories, List<Hit> resources, List<Hit> skills, int total,
      @JsonInclude(JsonInclude.Include.NON_NULL) QueryPlan queryPlan) {}

  /** The planner's answer; the stand-in plans as the mock planner does: the query, once per context type. */
  record QueryPlan(String reasoning, List<PlannedQuery> queries) {
    static QueryPlan of(String query) {
      return new QueryPlan("", List.of(new PlannedQuery(query, "resource", "", 1),
          new PlannedQuery(query, "memory", "", 2)));
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record PlannedQuery(String query, String contextType, String intent, int priority) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Grepped(List<GrepMatch> matches, int count, int matchCount, int filesScanned) {}

  record Globbed(List<String> matches, int count) {}

  private final TenantStore store;
  private final SearchIndex index;
  private final ModelProvider model;
  private final RetrievalStats stats;
  private final ContextSearch contextSearch;
  private static final Pattern SESSION_ROOT = Pattern.compile("viking://user/[^/]+/sessions/?");

  /** How long one grep or glob may scan (see {@link ScanDeadline}); tests lower it. */
  private volatile long scanLimitMillis = DEFAULT_SCAN_LIMIT_MILLIS;

  SearchRoutes(TenantStore store, SearchIndex index, ModelProvider model, RetrievalStats stats) {
    this.store = store;
    this.index = index;
    this.model = model;
    this.stats = stats;
    this.contextSearch = new ContextSearch(store, index, model, this::record);
  }

  void register(RouteTable routes) {
    routes.add("POST", "/api/v1/search/find",
            c -> Reply.compact(find(c.id(), c.body(FIND_FIELDS), false, null, c.telemetry())))
        .add("POST", "/api/v1/search/search", c -> {
          Body body = c.body(SEARCH_FIELDS);
          boolean context = ContextSearch.contextMode(body);
          if ("keywords".equals(body.optionalText("search_type"))) {
            throw ApiException.invalid(NO_KEYWORD_SEARCH);
          }
          if (context) {
            return Reply.compact(contextSearch.assemble(c.id(), body));
          }
          return Reply.compact(find(c.id(), body, true, body.optionalText("session_id"), c.telemetry()));
        })
        .add("POST", "/api/v1/search/grep", c -> Reply.full(grep(c.id(), c.lenientBody())))
        .add("POST", "/api/v1/search/glob", c -> Reply.full(glob(c.id(), c.lenientBody())));
  }

  /** Test hook: the scan limit of every later grep and glob. */
  void scanLimitMillis(long millis) {
    scanLimitMillis = millis;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }

  /**
   * find, or search ({@code planned}): as OpenViking 0.5.2's search, it reads the target's abstract,
   * then with session context plans its queries (intent analysis; the mock planner's plan has one
   * query per context type: resource and memory) and runs them at once. The stand-in's one pass over
   * its index serves both types, so the planned queries share the embedding's and the index's time,
   * and each stage is that time summed over the queries, as OpenViking's telemetry sums it.
   */
  private Found find(Identity id, Body body, boolean planned, String sessionId, OperationTelemetry telemetry)
      throws InterruptedException {
    String query = body.optionalText("query") == null ? "" : body.text("query");
    long limit = body.whole("limit", 10, 1);
    body.whole("node_limit", 1, 1);
    String target = body.optionalText("target_uri") == null || body.optionalText("target_uri").isEmpty()
        ? "viking://" : VikingUri.check(body.text("target_uri"));
    if (query.isBlank()) {
      throw ApiException.invalid("Search query or image_url must not be empty unless a filter is provided.");
    }
    model.slowRetrieval();
    if (planned && !target.equals("viking://")) {
      long abstractStart = System.nanoTime();
      store.tenant(id.key()).tree().find(target);
      telemetry.stage("target_abstract", abstractStart, 1);
    }
    List<String> context = List.of();
    int queries = 1;
    if (sessionId != null) {
      ChatSession session = store.tenant(id.key()).session(sessionId);
      if (session != null) {
        session.lock.lock();
        try {
          context = session.recentText(5);
        } finally {
          session.lock.unlock();
        }
        if (!context.isEmpty()) {
          long intentStart = System.nanoTime();
          model.analyseIntent();
          telemetry.stage("intent_analysis", intentStart, 1);
          queries = 2;
        }
      }
    }
    if (planned) {
      telemetry.queries(queries);
    }
    // the queries' embeddings: the real server makes one per query
    model.admitQueries();
    long embedStart = System.nanoTime();
    model.embedQueries();
    telemetry.stage("embed_query", embedStart, queries);
    if (telemetry.asked()) { // counting words costs a split per find: only when the tokens are reported
      telemetry.embeddingTokens((long) queries * WHITESPACE.split(query.strip()).length);
    }
    long searchStart = System.nanoTime();
    List<Hit> hits = index.search(id.key(), target, query, context, (int) Math.min(limit, MAX_HITS),
        scoreThreshold(body));
    Tenant tenant = store.tenant(id.key());
    if (tenant.tagged()) {
      hits = hits.stream().map(h -> h.tagged(tenant)).toList();
    }
    if (body.flag("read_content", false)) {
      hits = hits.stream().map(h -> h.withContent(tenant.tree())).toList();
    }
    telemetry.stage("vector_retrieval", searchStart, queries);
    List<Hit> memories = new ArrayList<>();
    List<Hit> resources = new ArrayList<>();
    hits.forEach(h -> ("memory".equals(h.contextType()) ? memories : resources).add(h));
    record(body.node("context_type"), memories, resources, (System.nanoTime() - searchStart) / 1e6);
    return new Found(memories, resources, List.of(), hits.size(), queries > 1 ? QueryPlan.of(query) : null);
  }

  /** One retrieval per context type asked for (all three when none is named), as 0.5.2's retriever counts them. */
  void record(JsonNode contextType, List<Hit> memories, List<Hit> resources, double latencyMs) {
    List<String> types = new ArrayList<>();
    if (contextType != null) {
      (contextType.isArray() ? contextType : List.of(contextType)).forEach(t -> types.add(t.asText()));
    }
    for (String type : types.isEmpty() ? List.of("memory", "resource", "skill") : types) {
      List<Hit> typed = type.equals("memory") ? memories : type.equals("resource") ? resources : List.of();
      stats.record(type, typed.stream().map(Hit::score).toList(), latencyMs);
    }
  }

  /** {@code score_threshold}: a number, or absent or null (no threshold), as 0.5.2's request model takes it. */
  static double scoreThreshold(Body body) {
    JsonNode value = body.node("score_threshold");
    if (value == null || value.isNull()) {
      return Double.NEGATIVE_INFINITY;
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    try { // pydantic's lax mode takes a number in a string
      return Double.parseDouble(value.isTextual() ? value.asText().strip() : "not a number");
    } catch (NumberFormatException e) {
      throw ApiException.validation("body.score_threshold",
          "Input should be a valid number, unable to parse string as a number", "float_parsing");
    }
  }

  private Grepped grep(Identity id, Body body) throws InterruptedException {
    String uri = VikingUri.check(body.text("uri"));
    String pattern = body.text("pattern");
    long limit = body.has("node_limit") ? body.whole("node_limit", 256, Long.MIN_VALUE) : 256;
    model.slowRetrieval();
    VikingTree tree = store.tenant(id.key()).tree();
    if (!uri.equals("viking://") && tree.find(uri) == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    VikingTree.GrepResult found = tree.grep(uri, pattern, body.flag("case_insensitive", false),
        (int) Math.min(body.whole("before_context", 0, 0), Integer.MAX_VALUE),
        (int) Math.min(body.whole("after_context", 0, 0), Integer.MAX_VALUE),
        (int) Math.max(0, Math.min(limit, MAX_HITS)), ScanDeadline.in(scanLimitMillis));
    return new Grepped(found.matches(), found.matches().size(), found.matches().size(), found.filesScanned());
  }

  private Globbed glob(Identity id, Body body) throws InterruptedException {
    String pattern = body.text("pattern");
    String uri = body.optionalText("uri") == null ? "viking://" : VikingUri.check(body.text("uri"));
    long limit = body.has("node_limit") ? body.whole("node_limit", 256, Long.MIN_VALUE) : 256;
    model.slowRetrieval();
    VikingTree tree = store.tenant(id.key()).tree();
    // as 0.5.2's VikingFS.glob: a missing folder is 404, but a user's session root always answers
    if (!uri.equals("viking://") && !SESSION_ROOT.matcher(uri).matches() && tree.find(uri) == null) {
      throw ApiException.notFound("Directory not found: " + uri, uri, "directory");
    }
    List<String> matches = tree.glob(uri, pattern, (int) Math.max(0, Math.min(limit, MAX_HITS)),
        ScanDeadline.in(scanLimitMillis));
    return new Globbed(matches, matches.size());
  }
}
