package ovload.standin.store;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One account and user's data: their file tree, their sessions, and the paths a running write holds. */
public final class Tenant {
  private final VikingTree tree = new VikingTree();
  private final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
  private final Set<String> lockedPaths = ConcurrentHashMap.newKeySet();

  public VikingTree tree() {
    return tree;
  }

  /** The session, or null when there is none of that id. */
  public ChatSession session(String id) {
    return sessions.get(id);
  }

  /** The session, created empty when there is none yet. */
  public ChatSession openSession(String id) {
    return sessions.computeIfAbsent(id, ChatSession::new);
  }

  /** Whether there was such a session to remove. */
  public boolean removeSession(String id) {
    return sessions.remove(id) != null;
  }

  public Collection<ChatSession> sessions() {
    return sessions.values();
  }

  /** Takes the path for a write; false when another write holds it. */
  public boolean lockPath(String uri) {
    return lockedPaths.add(uri);
  }

  /**
   * Whether a running write holds {@code uri}, a path below it or a path above it: what OpenViking
   * 0.5.2's tree lock refuses an rm of while a resource is processed.
   */
  public boolean busy(String uri) {
    for (String locked : lockedPaths) {
      if (VikingUri.isUnder(locked, uri) || VikingUri.isUnder(uri, locked)) {
        return true;
      }
    }
    return false;
  }

  public void unlockPath(String uri) {
    lockedPaths.remove(uri);
  }
}
