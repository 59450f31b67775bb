package ovload.standin.store;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every identity's data, apart: what one account and user writes, another never sees. Tenants
 * are created on first use, as the real server creates a user's space.
 */
public final class TenantStore {
  private final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

  /** The tenant of an identity's key (see {@code Identity.key()}). */
  public Tenant tenant(String key) {
    return tenants.computeIfAbsent(key, k -> new Tenant());
  }

  public Collection<Tenant> all() {
    return tenants.values();
  }
}
