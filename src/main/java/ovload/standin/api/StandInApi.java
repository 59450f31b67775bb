package ovload.standin.api;

import java.util.Map;
import ovload.standin.StandInStats;
import ovload.standin.api.clients.AccessRoutes;
import ovload.standin.api.clients.AdminRoutes;
import ovload.standin.api.clients.AssetRoutes;
import ovload.standin.api.clients.AttrRoutes;
import ovload.standin.api.clients.BrowseRoutes;
import ovload.standin.api.clients.CompileRoutes;
import ovload.standin.api.clients.ContentRoutes;
import ovload.standin.api.clients.ExperienceRoutes;
import ovload.standin.api.clients.MaintenanceRoutes;
import ovload.standin.api.clients.MoveRoutes;
import ovload.standin.api.clients.PrivacyRoutes;
import ovload.standin.api.clients.PrivacyScan;
import ovload.standin.api.clients.SessionExtraRoutes;
import ovload.standin.api.clients.SkillRoutes;
import ovload.standin.api.clients.WatchRoutes;
import ovload.standin.http.Identity;
import ovload.standin.http.ModelCalls;
import ovload.standin.http.RouteTable;
import ovload.standin.store.ChatSession;
import ovload.standin.store.EmbeddingBreaker;
import ovload.standin.store.Faults;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TempUploads;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;

/**
 * OpenViking 0.5.2's API as the stand-in serves it: each route family's handlers over one tenant
 * store, the task board and the index, registered in one {@link RouteTable}. What each answer
 * holds follows the conformance corpus recorded from the real server
 * (src/test/resources/conformance).
 */
public final class StandInApi implements AutoCloseable {
  /** The internal session a {@code reason} on add_resource is written to (OpenViking 0.5.2's name); never listed. */
  public static final String REASON_SESSION = "__openviking_resource_reason__";

  private final TenantStore store = new TenantStore();
  private final TempUploads uploads = new TempUploads();
  private final SearchIndex index = new SearchIndex();
  private final TaskBoard tasks;
  private final SystemRoutes system;
  private final TestHooks hooks;
  private final RouteTable routes = new RouteTable();
  private final ModelCalls modelCalls = new ModelCalls();

  /**
   * @param faults the seeded fault source the model calls and tasks draw from
   * @param tasks the background queues (their workers and faults set by the caller)
   * @param authMode {@code trusted} or {@code dev}, as /health reports it
   */
  public StandInApi(ModelTiming timing, Faults faults, TaskBoard tasks, EmbeddingBreaker breaker, String authMode) {
    this.tasks = tasks;
    ModelProvider model = new ModelProvider(timing, faults, breaker, modelCalls);
    Extraction extraction = new Extraction(store, index, model);
    RetrievalStats retrieval = new RetrievalStats();
    this.system = new SystemRoutes(tasks, model, authMode, retrieval);
    SearchRoutes search = new SearchRoutes(store, index, model, retrieval);
    this.hooks = new TestHooks(uploads, model, faults, search);
    system.register(routes);
    new ResourceRoutes(store, uploads, tasks, index, model, extraction).register(routes);
    search.register(routes);
    new FsRoutes(store, tasks, index, model).register(routes);
    new SessionRoutes(store, tasks, extraction).register(routes);
    new TaskRoutes(tasks).register(routes);
    registerClientRoutes(model, authMode); // the routes only OpenViking's own clients use (ov, the Python clients)
  }

  private void registerClientRoutes(ModelProvider model, String authMode) {
    Indexing indexing = new Indexing(index, model);
    new BrowseRoutes(store).register(routes);
    new ContentRoutes(store, tasks, indexing).register(routes);
    new MoveRoutes(store, indexing).register(routes);
    new AttrRoutes(store).register(routes);
    new SessionExtraRoutes(store).register(routes);
    new WatchRoutes().register(routes);
    new MaintenanceRoutes(store, tasks).register(routes);
    new AdminRoutes(tasks).register(routes);
    new ExperienceRoutes(store).register(routes);
    new SkillRoutes(store, uploads, tasks, indexing).register(routes);
    new AccessRoutes(authMode).register(routes);
    new PrivacyRoutes(store, new PrivacyScan(store, tasks, indexing)).register(routes);
    new CompileRoutes().register(routes);
    new AssetRoutes().register(routes);
  }

  /** The model calls' metrics, for {@code /metrics}. */
  public ModelCalls modelCalls() {
    return modelCalls;
  }

  public RouteTable routes() {
    return routes;
  }

  /** The body of {@code GET /health}; {@code caller} (or null) the identity the request presented. */
  public Object health(Identity caller) {
    return system.health(caller);
  }

  public TestHooks hooks() {
    return hooks;
  }

  /** Counters for tests and benchmarks: messages by state, across all identities; tasks by outcome. */
  public StandInStats stats() {
    long pending = 0;
    long archived = 0;
    for (Tenant t : store.all()) {
      for (ChatSession s : t.sessions()) {
        if (s.id.equals(REASON_SESSION)) {
          continue;
        }
        s.lock.lock();
        try {
          pending += s.pendingMessages();
          archived += s.archivedMessages();
        } finally {
          s.lock.unlock();
        }
      }
    }
    Map<String, Long> byStatus = tasks.countsByStatus();
    return new StandInStats(pending, archived, byStatus.get("completed"), byStatus.get("failed"),
        byStatus.get("pending") + byStatus.get("running"));
  }

  @Override
  public void close() {
    tasks.close();
    index.close();
  }
}
