package ovload.standin.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session: pending messages and archives. Writes and commits serialise on the session's lock,
 * as on the real server, so concurrent writers never lose or duplicate a message.
 */
public final class ChatSession {
  public final String id;
  public final ReentrantLock lock = new ReentrantLock(true);
  private final List<Map<String, String>> pending = new ArrayList<>();
  private final List<List<Map<String, String>>> archives = new ArrayList<>();
  private final double createdAt = System.currentTimeMillis() / 1000.0;
  private volatile double modTime = createdAt;
  private volatile double lastMessageAt;
  private volatile double lastCommitAt;
  private volatile List<String> eventTags = List.of();

  public ChatSession(String id) {
    this.id = id;
  }

  /** Under {@link #lock}. Returns the session's message count after the append. */
  public int append(String role, String content) {
    pending.add(Map.of("role", role, "content", content));
    modTime = System.currentTimeMillis() / 1000.0;
    lastMessageAt = modTime;
    return messageCount();
  }

  /** Under {@link #lock}: all messages, pending and archived. */
  public int messageCount() {
    return pending.size() + archives.stream().mapToInt(List::size).sum();
  }

  public int pendingTokens() {
    return pending.stream().mapToInt(m -> m.get("content").split("\\s+").length).sum();
  }

  /** Under {@link #lock}: moves the pending messages into a new archive; null when none are pending. */
  public List<Map<String, String>> archive() {
    if (pending.isEmpty()) {
      return null;
    }
    List<Map<String, String>> archived = List.copyOf(pending);
    archives.add(archived);
    pending.clear();
    modTime = System.currentTimeMillis() / 1000.0;
    lastCommitAt = modTime;
    return archived;
  }

  /** Under {@link #lock}: the messages of archive {@code number} (from 1), or null when there is none. */
  public List<Map<String, String>> archived(int number) {
    return number >= 1 && number <= archives.size() ? archives.get(number - 1) : null;
  }

  /** Under {@link #lock}: the messages not yet committed. */
  public List<Map<String, String>> pending() {
    return List.copyOf(pending);
  }

  /** The default event-memory tags (session config), {@code key=value}. */
  public List<String> eventTags() {
    return eventTags;
  }

  public void eventTags(List<String> tags) {
    eventTags = List.copyOf(tags);
  }

  public int archiveCount() {
    return archives.size();
  }

  public double createdAt() {
    return createdAt;
  }

  /** Epoch seconds of the last message and the last archive; 0 when none yet. */
  public double lastMessageAt() {
    return lastMessageAt;
  }

  public double lastCommitAt() {
    return lastCommitAt;
  }

  public double modTime() {
    return modTime;
  }

  /** Under {@link #lock}: the text of the last few messages, which search weighs. */
  public List<String> recentText(int messages) {
    List<String> all = new ArrayList<>();
    archives.forEach(a -> a.forEach(m -> all.add(m.get("content"))));
    pending.forEach(m -> all.add(m.get("content")));
    return all.subList(Math.max(0, all.size() - messages), all.size());
  }

  public int archivedMessages() {
    return archives.stream().mapToInt(List::size).sum();
  }

  public int pendingMessages() {
    return pending.size();
  }
}
