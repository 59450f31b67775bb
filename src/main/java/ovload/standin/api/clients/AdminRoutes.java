package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TaskBoard;

/**
 * {@code /api/v1/admin}, as a trusted-mode OpenViking 0.5.2 answers the identity the headers name:
 * accounts listed and created, the agent-evolution switch, the legacy migration (a task under the
 * system's own identity, nothing to migrate here). Routes naming another account than the
 * header's are 400, as trusted mode requires; for the header's own account they need the admin
 * role, which a trusted-mode identity does not carry (403).
 */
public final class AdminRoutes {
  private static final String SYSTEM = "__system__";

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Account(String accountId, String createdAt, int userCount, String status) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Created(String accountId, String adminUserId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Evolution(String accountId, boolean enabled) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Started(String taskId) {}

  private final TaskBoard tasks;
  /** Accounts by id: those created here and those a request has acted for. */
  private final Map<String, Account> accounts = new ConcurrentSkipListMap<>();
  private final Map<String, Boolean> evolution = new ConcurrentHashMap<>();

  public AdminRoutes(TaskBoard tasks) {
    this.tasks = tasks;
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/admin/accounts", c -> Reply.full(list(c.id())))
        .add("POST", "/api/v1/admin/accounts", c -> Reply.full(create(c.id(), c.lenientBody())))
        .add("GET", "/api/v1/admin/agent-evolution", c -> Reply.full(evolution(c.id())))
        .add("PUT", "/api/v1/admin/agent-evolution", c -> {
          evolution.put(c.id().account(), c.lenientBody().flag("enabled", false));
          return Reply.full(evolution(c.id()));
        })
        .add("POST", "/api/v1/admin/migrate", c -> Reply.full(migrate()));
    String account = "/api/v1/admin/accounts/([^/]+)";
    for (String[] route : new String[][] {{"GET", ""}, {"DELETE", ""}, {"GET", "/users"}, {"POST", "/users"},
        {"GET", "/users/([^/]+)"}, {"DELETE", "/users/([^/]+)"}, {"PUT", "/users/([^/]+)/role"},
        {"POST", "/users/([^/]+)/key"}, {"GET", "/groups"}, {"POST", "/groups"}, {"DELETE", "/groups/([^/]+)"},
        {"GET", "/groups/([^/]+)/members"}, {"PUT", "/groups/([^/]+)/members/([^/]+)"},
        {"DELETE", "/groups/([^/]+)/members/([^/]+)"}, {"GET", "/settings"}, {"PATCH", "/settings"}}) {
      routes.add(route[0], account + route[1], c -> {
        throw refused(c.id(), c.pathParam(1));
      });
    }
  }

  private void seen(Identity id) {
    accounts.computeIfAbsent(id.account(), a -> new Account(a, Instant.now().toString(), 1, "active"));
  }

  private List<Account> list(Identity id) {
    seen(id);
    return new ArrayList<>(accounts.values());
  }

  private Created create(Identity id, Body body) {
    seen(id);
    String account = body.text("account_id");
    String admin = body.text("admin_user_id");
    if (accounts.putIfAbsent(account, new Account(account, Instant.now().toString(), 1, "active")) != null) {
      throw new ApiException("ALREADY_EXISTS", "Account already exists: " + account,
          Map.of("resource", account, "type", "account"));
    }
    return new Created(account, admin);
  }

  private Evolution evolution(Identity id) {
    return new Evolution(id.account(), evolution.getOrDefault(id.account(), false));
  }

  private Started migrate() {
    return new Started(tasks.submit("legacy_migration", SYSTEM, "legacy-data", t -> Map.of("migrated", 0)).id());
  }

  private static ApiException refused(Identity id, String account) {
    if (!account.equals(id.account())) {
      return new ApiException("INVALID_ARGUMENT", "Trusted mode X-OpenViking-Account must match explicit account_id in the URL.",
          Map.of());
    }
    return new ApiException("PERMISSION_DENIED", "Requires role: root, admin", Map.of());
  }
}
