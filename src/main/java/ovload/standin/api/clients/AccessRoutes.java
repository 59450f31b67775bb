package ovload.standin.api.clients;

import java.util.Map;
import java.util.Set;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.RouteTable;
import ovload.standin.store.VikingUri;

/**
 * The routes OpenViking 0.5.2 refuses the suite's identity, answered with its refusals: the ACL
 * routes ({@code /api/v1/acl}: managing an ACL needs the manage permission, which a user or root
 * caller only has through an ACL, and accounts start with ACLs off) and {@code POST
 * /api/v1/content/reindex} outside the caller's own user namespace (trusted mode's callers are
 * users). Their requests are checked first as 0.5.2's request models check them. A reindex 0.5.2
 * would run (dev mode, or the caller's own namespace) is 501: the stand-in's index follows every
 * write, so it has nothing to rebuild, and it does not pretend to. Likewise the administrators'
 * routes of workspace snapshots ({@code snapshot/ignore}, {@code snapshot/log} without paths,
 * {@code snapshot/show} without a path) and {@code pack/backup}: refused to a user as 0.5.2 refuses, 501
 * to dev mode's root. A snapshot's blob is 404, as on a 0.5.2 where nothing was committed.
 */
public final class AccessRoutes {
  private static final Set<String> LEVELS = Set.of("read", "write", "manage");
  private static final Set<String> MODES = Set.of("inherit", "restricted");

  /** True when the callers are users (trusted mode), whom 0.5.2 limits to their own namespace on reindex. */
  private final boolean callersAreUsers;

  public AccessRoutes(String authMode) {
    this.callersAreUsers = authMode.equals("trusted");
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/acl", c -> {
      throw manageDenied(c.query().required("uri"));
    })
        .add("DELETE", "/api/v1/acl", c -> {
          throw manageDenied(c.query().required("uri"));
        })
        .add("PUT", "/api/v1/acl", c -> {
          Body body = c.body(Set.of("uri", "entries", "acl_mode"));
          String uri = body.text("uri");
          String mode = body.optionalText("acl_mode");
          if (mode != null && !MODES.contains(mode)) {
            throw ApiException.validation("body.acl_mode", "Input should be 'inherit' or 'restricted'", "literal_error");
          }
          if (mode == null && !body.has("entries")) {
            throw ApiException.validation("body", "Value error, entries or acl_mode must be provided", "value_error");
          }
          throw manageDenied(uri);
        })
        .add("POST", "/api/v1/acl/grant", c -> {
          Body body = c.body(Set.of("uri", "principal", "level"));
          String uri = body.text("uri");
          body.text("principal");
          if (!LEVELS.contains(body.text("level"))) {
            throw ApiException.validation("body.level", "Input should be 'read', 'write' or 'manage'", "enum");
          }
          throw manageDenied(uri);
        })
        .add("POST", "/api/v1/acl/revoke", c -> {
          Body body = c.body(Set.of("uri", "principal"));
          String uri = body.text("uri");
          body.text("principal");
          throw manageDenied(uri);
        })
        .add("POST", "/api/v1/content/reindex", c -> {
          throw reindex(c.id(), c.lenientBody());
        })
        .add("POST", "/api/v1/pack/backup", c -> {
          throw unlessRoot(new ApiException("PERMISSION_DENIED", "Requires role: root, admin", Map.of()), "backups");
        })
        .add("GET", "/api/v1/snapshot/log", c -> {
          throw c.query().get("paths") == null ? unlessRoot(new ApiException("PERMISSION_DENIED",
              "Snapshot log requires explicit paths", Map.of("resource", "viking://")), "snapshots")
              : notEmulated("snapshots");
        })
        .add("GET", "/api/v1/snapshot/show", c -> {
          String ref = c.query().required("target_ref");
          String path = c.query().get("path");
          if (path == null) {
            throw unlessRoot(new ApiException("PERMISSION_DENIED", "Snapshot show requires an explicit path",
                Map.of("resource", "viking://")), "snapshots");
          }
          // no snapshot has been committed here, so no commit holds the blob, as on a fresh 0.5.2
          String uri = VikingUri.check(path);
          throw ApiException.notFound("Git_blob not found: " + uri, uri, "git_blob");
        });
    for (String method : new String[] {"GET", "PUT", "DELETE"}) {
      routes.add(method, "/api/v1/snapshot/ignore", c -> {
        throw unlessRoot(new ApiException("PERMISSION_DENIED", "Managing snapshot ignore rules requires an administrator",
            Map.of("resource", ".ovgitignore")), "snapshots");
      });
    }
  }

  /** {@code refusal} for trusted mode's users; for dev mode's root, which 0.5.2 lets through, 501. */
  private ApiException unlessRoot(ApiException refusal, String feature) {
    return callersAreUsers ? refusal : notEmulated(feature);
  }

  private static ApiException notEmulated(String feature) {
    return new ApiException("UNIMPLEMENTED", feature + " are not emulated by the stand-in", Map.of());
  }

  private static ApiException manageDenied(String rawUri) {
    String uri = VikingUri.check(rawUri);
    return new ApiException("PERMISSION_DENIED", "ACL management denied for " + uri + ": manage permission required",
        Map.of("resource", uri));
  }

  private ApiException reindex(Identity id, Body body) {
    String uri = VikingUri.check(body.text("uri"));
    if (callersAreUsers && !VikingUri.isUnder(uri, "viking://user/" + id.user())) {
      return new ApiException("PERMISSION_DENIED", "USER can only reindex their own user namespace.",
          Map.of("resource", uri));
    }
    return new ApiException("UNIMPLEMENTED", "reindex is not emulated: the stand-in's index follows every write",
        Map.of("resource", uri));
  }
}
