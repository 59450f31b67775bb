package ovload.standin.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One account and user's data: their file tree, their privacy configs, their sessions, the paths a
 * running write holds, and the retrieval tags set on their nodes (find and search hits carry them,
 * as 0.5.2's index does).
 */
public final class Tenant {
  private final VikingTree tree = new VikingTree();
  private final Map<String, List<String>> tagsByUri = new ConcurrentHashMap<>();
  private final Map<String, ChatSession> sessions = new ConcurrentHashMap<>();
  private final Set<String> lockedPaths = ConcurrentHashMap.newKeySet();
  private final PrivacyConfigs privacy = new PrivacyConfigs();

  public VikingTree tree() {
    return tree;
  }

  /** The user's privacy configs (kept apart from the tree: only the privacy routes reach them). */
  public PrivacyConfigs privacy() {
    return privacy;
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

  /** The node's retrieval tags ({@code key=value}, in the order set); empty when it has none. */
  public List<String> tags(String uri) {
    return tagsByUri.getOrDefault(uri, List.of());
  }

  /** Whether any node has tags: find and search skip looking them up when none has. */
  public boolean tagged() {
    return !tagsByUri.isEmpty();
  }

  public void tags(String uri, List<String> tags) {
    tagsByUri.put(uri, List.copyOf(tags));
  }

  /** The tags at or below {@code from} follow their nodes to {@code to} (a move). */
  public void moveTags(String from, String to) {
    if (tagsByUri.isEmpty()) {
      return;
    }
    for (String uri : List.copyOf(tagsByUri.keySet())) {
      if (VikingUri.isUnder(uri, from)) {
        List<String> tags = tagsByUri.remove(uri);
        if (tags != null) {
          tagsByUri.put(to + uri.substring(from.length()), tags);
        }
      }
    }
  }

  /** Drops the tags at or below {@code uri} (its nodes were removed). */
  public void dropTags(String uri) {
    if (!tagsByUri.isEmpty()) {
      tagsByUri.keySet().removeIf(u -> VikingUri.isUnder(u, uri));
    }
  }
}
