package ovload.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One session: pending messages and archives. Writes and commits serialise on the session's lock,
 * as on the real server, so concurrent writers never lose or duplicate a message.
 */
final class ChatSession {
  final String id;
  final ReentrantLock lock = new ReentrantLock(true);
  private final List<Map<String, String>> pending = new ArrayList<>();
  private final List<List<Map<String, String>>> archives = new ArrayList<>();
  private boolean archiveFailed;
  private final double createdAt = System.currentTimeMillis() / 1000.0;
  private volatile double modTime = createdAt;
  private volatile double lastMessageAt;
  private volatile double lastCommitAt;

  ChatSession(String id) {
    this.id = id;
  }

  /** Under {@link #lock}. Returns the session's message count after the append. */
  int append(String role, String content) {
    pending.add(Map.of("role", role, "content", content));
    modTime = System.currentTimeMillis() / 1000.0;
    lastMessageAt = modTime;
    return messageCount();
  }

  /** Under {@link #lock}: all messages, pending and archived. */
  int messageCount() {
    return pending.size() + archives.stream().mapToInt(List::size).sum();
  }

  int pendingTokens() {
    return pending.stream().mapToInt(m -> m.get("content").split("\\s+").length).sum();
  }

  /** Under {@link #lock}: moves the pending messages into a new archive; null when none are pending. */
  List<Map<String, String>> archive() {
    if (archiveFailed) {
      throw new ApiException("FAILED_PRECONDITION", "a previous archive of session " + id + " failed");
    }
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

  int archiveCount() {
    return archives.size();
  }

  void markArchiveFailed() {
    archiveFailed = true;
  }

  double createdAt() {
    return createdAt;
  }

  /** Epoch seconds of the last message and the last archive; 0 when none yet. */
  double lastMessageAt() {
    return lastMessageAt;
  }

  double lastCommitAt() {
    return lastCommitAt;
  }

  double modTime() {
    return modTime;
  }

  /** Under {@link #lock}: the text of the last few messages, which search weighs. */
  List<String> recentText(int messages) {
    List<String> all = new ArrayList<>();
    archives.forEach(a -> a.forEach(m -> all.add(m.get("content"))));
    pending.forEach(m -> all.add(m.get("content")));
    return all.subList(Math.max(0, all.size() - messages), all.size());
  }

  int archivedMessages() {
    return archives.stream().mapToInt(List::size).sum();
  }

  int pendingMessages() {
    return pending.size();
  }
}
