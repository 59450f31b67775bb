package ovload.gatling;

import static io.gatling.javaapi.core.CoreDsl.ByteArrayBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static ovload.model.Operation.ADD_MESSAGE;
import static ovload.model.Operation.ADD_RESOURCE;
import static ovload.model.Operation.COMMIT_SESSION;
import static ovload.model.Operation.FIND;
import static ovload.model.Operation.GET_TASK;
import static ovload.model.Operation.GLOB;
import static ovload.model.Operation.GREP;
import static ovload.model.Operation.HEALTH;
import static ovload.model.Operation.OBSERVER_QUEUE;
import static ovload.model.Operation.SEARCH;
import static ovload.model.Operation.SYSTEM_STATUS;
import static ovload.model.Operation.WAIT_PROCESSED;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpDsl;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import ovload.config.RunConfig;
import ovload.gatling.feeders.Document;
import ovload.model.Operation;
import ovload.model.RequestName;
import ovload.recording.RunClock;
import ovload.recording.ServerTiming;

/**
 * The {@code sdk} adapter: Gatling's own HTTP client sending exactly what the OpenViking SDK sends.
 * Each request saves its status and body; the step after it records the event. add_resource is
 * the SDK's pair (temp upload, then create) inside one Gatling group named as the operation. The
 * create body carries no {@code timeout}: the real server rejects it (400, extra field). Every
 * reply's {@code X-Process-Time} is kept; with telemetry on, find, search, add_message and commit ask
 * for {@code "telemetry": true}, and the event writer reads their reply's telemetry into the event,
 * off the event loop that times every request. The request path does per request only what differs
 * per request: names and retrieval bodies are made once per distinct value ({@link RequestBodies}),
 * and a reply's body is decoded only when something reads it: a failure's error, a result the suite
 * reads, or telemetry.
 */
public final class SdkOperations implements Operations {
  public static final String ADAPTER = "sdk";
  private static final List<Integer> SUCCESS = IntStream.range(200, 300).boxed().toList();
  /** The operations whose telemetry is asked for: the ones OpenViking 0.5.2 times by stage, and the session calls. */
  static final Set<Operation> TELEMETRY = EnumSet.of(FIND, SEARCH, ADD_MESSAGE, COMMIT_SESSION);
  private static final Map<String, Object> TELEMETRY_FIELD = Map.of("telemetry", true);
  /** Operations whose result the suite reads (task ids, task records). */
  private static final Set<Operation> READS_RESULT = EnumSet.of(ADD_RESOURCE, COMMIT_SESSION, GET_TASK);

  private final RunConfig config;
  private final OperationRecorder recorder;
  private final RunClock clock;
  private final boolean telemetry;
  /** Requests Gatling's stats leave out (the generator's warm-up). */
  private final boolean silent;
  /** Where find, search, grep and glob look: the data root, or for the warm-up a folder under it that nothing fills. */
  private final String searchedUri;
  private final RequestBodies findBodies = new RequestBodies();
  private final RequestBodies searchBodies = new RequestBodies();

  public SdkOperations(RunConfig config, OperationRecorder recorder, RunClock clock, boolean telemetry) {
    this(config, recorder, clock, telemetry, false, config.data().dataRootUri());
  }

  private SdkOperations(RunConfig config, OperationRecorder recorder, RunClock clock, boolean telemetry, boolean silent,
      String searchedUri) {
    this.config = config;
    this.recorder = recorder;
    this.clock = clock;
    this.telemetry = telemetry;
    this.silent = silent;
    this.searchedUri = searchedUri;
  }

  /** One connection pool shared by the adapter's users, as one SDK client object would have. */
  public static HttpProtocolBuilder protocol(RunConfig config) {
    HttpProtocolBuilder protocol = http.baseUrl(config.connection().serverUrl())
        .disableWarmUp()
        .disableCaching()
        .shareConnections()
        .disableAutoReferer()
        .userAgentHeader("ovload-sdk");
    protocol = header(protocol, "X-API-Key", config.connection().apiKey());
    protocol = header(protocol, "X-OpenViking-Account", config.connection().account());
    return header(protocol, "X-OpenViking-User", config.connection().user());
  }

  private static HttpProtocolBuilder header(HttpProtocolBuilder protocol, String name, String value) {
    // the SDK omits a header whose value is empty
    return value == null || value.isEmpty() ? protocol : protocol.header(name, value);
  }

  @Override
  public String adapter() {
    return ADAPTER;
  }

  /**
   * These operations, built by the same code, but silent in Gatling's stats, with their events
   * dropped, and searching {@link ovload.config.ServerData#generatorWarmupUri()}, where no
   * document is ever added: {@link Phases} sends retrieval requests through them before the measured
   * phases, so that the generator's JIT has compiled the request path they measure.
   */
  @Override
  public Optional<Operations> generatorWarmup() {
    return Optional.of(new SdkOperations(config, recorder.discarding(), clock, telemetry, true,
        config.data().generatorWarmupUri()));
  }

  @Override
  public ChainBuilder health() {
    return recorded(HEALTH, http(name(HEALTH)).get("/health"));
  }

  @Override
  public ChainBuilder find() {
    Function<String, byte[]> body = query -> timedBody(
        "query", query, "target_uri", searchedUri, "limit", config.findLimit());
    return recorded(FIND, postJson(name(FIND), "/api/v1/search/find",
        s -> findBodies.kept(s.getString(SessionKeys.QUERY), body)));
  }

  /** A search body's key: the query and the session, each hashed once as the strings cache it. */
  private record QueryInSession(String query, String sessionId) {}

  @Override
  public ChainBuilder search() {
    Function<QueryInSession, byte[]> body = key -> timedBody(
        "query", key.query(), "target_uri", searchedUri, "session_id", key.sessionId(), "limit", config.findLimit());
    return recorded(SEARCH, postJson(name(SEARCH), "/api/v1/search/search",
        s -> searchBodies.kept(new QueryInSession(s.getString(SessionKeys.QUERY), s.getString(SessionKeys.SESSION_ID)), body)));
  }

  @Override
  public ChainBuilder grep() {
    byte[] body = body("uri", searchedUri, "pattern", Phases.GREP_PATTERN, "case_insensitive", false,
        "node_limit", config.findLimit());
    return recorded(GREP, postJson(name(GREP), "/api/v1/search/grep", s -> body));
  }

  @Override
  public ChainBuilder glob() {
    byte[] body = body("pattern", Phases.GLOB_PATTERN, "uri", searchedUri, "node_limit", config.findLimit());
    return recorded(GLOB, postJson(name(GLOB), "/api/v1/search/glob", s -> body));
  }

  @Override
  public ChainBuilder addMessage() {
    return recorded(ADD_MESSAGE, http(name(ADD_MESSAGE))
        .post(s -> "/api/v1/sessions/" + encode(s.getString(SessionKeys.SESSION_ID)) + "/messages")
        .header("Content-Type", "application/json")
        .body(ByteArrayBody(s -> timedBody("role", s.getString(SessionKeys.ROLE), "content", s.getString(SessionKeys.CONTENT)))));
  }

  @Override
  public ChainBuilder commitSession() {
    return recorded(COMMIT_SESSION, http(name(COMMIT_SESSION))
        .post(s -> "/api/v1/sessions/" + encode(s.getString(SessionKeys.SESSION_ID)) + "/commit")
        .header("Content-Type", "application/json")
        .body(ByteArrayBody(timedBody())));
  }

  @Override
  public ChainBuilder getTask() {
    return recorded(GET_TASK, http(name(GET_TASK))
        .get(s -> "/api/v1/tasks/" + encode(s.getString(SessionKeys.TASK_ID))));
  }

  @Override
  public ChainBuilder observerQueue() {
    return recorded(OBSERVER_QUEUE, http(name(OBSERVER_QUEUE)).get("/api/v1/observer/queue"));
  }

  @Override
  public ChainBuilder systemStatus() {
    return recorded(SYSTEM_STATUS, http(name(SYSTEM_STATUS)).get("/api/v1/observer/system"));
  }

  @Override
  public ChainBuilder waitProcessed() {
    return recorded(WAIT_PROCESSED, postJson(name(WAIT_PROCESSED), "/api/v1/system/wait",
            s -> body("timeout", config.drainTimeoutSeconds()))
        .requestTimeout(Duration.ofMillis((long) ((config.drainTimeoutSeconds() + config.connection().timeoutSeconds()) * 1000))));
  }

  @Override
  public ChainBuilder addResource(String reason) {
    HttpRequestActionBuilder upload = http("temp_upload")
        .post("/api/v1/resources/temp_upload")
        .asMultipartForm()
        .bodyPart(ByteArrayBodyPart("file", s -> s.<Document>get(SessionKeys.DOCUMENT).bytes())
            .fileName(s -> s.<Document>get(SessionKeys.DOCUMENT).fileName())
            .contentType("text/markdown"))
        .check(jsonPath("$.result.temp_file_id").optional().saveAs(SessionKeys.TEMP_FILE_ID));
    HttpRequestActionBuilder create = postJson(name("create"), "/api/v1/resources", s -> {
      Document doc = s.get(SessionKeys.DOCUMENT);
      return body("temp_file_id", s.getString(SessionKeys.TEMP_FILE_ID), "to", doc.uri(), "reason", reason,
          "wait", false, "strict", false, "source_name", doc.fileName());
    });
    return exec(recorder.endIfStopping())
        .exec(this::begin)
        .group(name(ADD_RESOURCE)).on(
            exec(withOutcome(upload, ADD_RESOURCE))
                .exec(SdkOperations::carryServerTime)
                .doIf(s -> s.contains(SessionKeys.TEMP_FILE_ID)).then(exec(withOutcome(create, ADD_RESOURCE))))
        .exec(s -> finish(s, ADD_RESOURCE))
        .exec(recorder.stopIfAborted());
  }

  private HttpRequestActionBuilder postJson(Function<Session, String> name, String path, Function<Session, byte[]> body) {
    return http(name).post(path)
        .header("Content-Type", "application/json")
        .body(ByteArrayBody(body));
  }

  private Function<Session, String> name(Operation operation) {
    return name(operation.wireName());
  }

  /**
   * A request's name in Gatling's stats; add_resource's two requests are named as themselves. Made
   * once per scenario, not per request.
   */
  private Function<Session, String> name(String request) {
    Map<String, String> names = new ConcurrentHashMap<>();
    return s -> names.computeIfAbsent(s.getString(SessionKeys.SCENARIO), scenario -> RequestName.of(ADAPTER, scenario, request));
  }

  private ChainBuilder recorded(Operation operation, HttpRequestActionBuilder request) {
    return exec(recorder.endIfStopping()).exec(this::begin).exec(withOutcome(request, operation)).exec(s -> finish(s, operation)).exec(recorder.stopIfAborted());
  }

  /**
   * Saves what the recording step needs; any 2xx is a success, as for the SDK. The body is saved
   * (decoded into text) only when it will be read: always for an operation whose result or
   * telemetry is read, else only for a failure, whose error it holds.
   */
  private HttpRequestActionBuilder withOutcome(HttpRequestActionBuilder request, Operation operation) {
    HttpRequestActionBuilder checked = (silent ? request.silent() : request)
        .requestTimeout(Duration.ofMillis((long) (config.connection().timeoutSeconds() * 1000)))
        .check(status().saveAs(SessionKeys.STATUS),
            HttpDsl.header(ServerTiming.HEADER).optional().saveAs(SessionKeys.SERVER_TIME));
    checked = readsBody(operation)
        ? checked.check(bodyString().saveAs(SessionKeys.BODY))
        : checked.checkIf((response, s) -> !success(response.status().code())).then(bodyString().saveAs(SessionKeys.BODY));
    // the status check last: Gatling evaluates no check after a failing one, and a failure's server time counts too
    return checked.check(status().in(SUCCESS));
  }

  /** Whether a successful reply's body is read: for the task ids and records, or for its telemetry. */
  private boolean readsBody(Operation operation) {
    return READS_RESULT.contains(operation) || telemetry && TELEMETRY.contains(operation);
  }

  private static boolean success(int status) {
    return status >= 200 && status < 300;
  }

  private static Session carryServerTime(Session session) {
    return session.contains(SessionKeys.SERVER_TIME)
        ? session.set(SessionKeys.SERVER_TIME_BEFORE, session.getString(SessionKeys.SERVER_TIME)).remove(SessionKeys.SERVER_TIME)
        : session;
  }

  /** The start; what the last request saved is gone already ({@link #finish} removes it, always after a request). */
  private Session begin(Session session) {
    return session.set(SessionKeys.START, clock.nanos());
  }

  private Session finish(Session session, Operation operation) {
    long end = clock.nanos();
    long start = session.getLong(SessionKeys.START);
    String body = session.getString(SessionKeys.BODY);
    ServerTiming timing = ServerTiming.deferred(session.getString(SessionKeys.SERVER_TIME),
            telemetry && TELEMETRY.contains(operation) ? body : null)
        .after(ServerTiming.of(session.getString(SessionKeys.SERVER_TIME_BEFORE), null));
    recorder.completed(session, operation, start, end, SdkResponses.toResult(
        session.getIntegerWrapper(SessionKeys.STATUS),
        body,
        (end - start) / 1e9,
        config.connection().timeoutSeconds(),
        READS_RESULT.contains(operation)).withTiming(timing));
    // the failure is in Gatling's stats and our event; the user goes on as the script's workers do
    return session.removeAll(SessionKeys.STATUS, SessionKeys.BODY, SessionKeys.TEMP_FILE_ID, SessionKeys.SERVER_TIME,
        SessionKeys.SERVER_TIME_BEFORE).markAsSucceeded();
  }

  /** The body of an operation the server can time by stage: it asks for telemetry when that is on. */
  private byte[] timedBody(Object... keyValues) {
    return RequestBodies.json(telemetry ? TELEMETRY_FIELD : Map.of(), keyValues);
  }

  private static byte[] body(Object... keyValues) {
    return RequestBodies.json(Map.of(), keyValues);
  }

  private static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
