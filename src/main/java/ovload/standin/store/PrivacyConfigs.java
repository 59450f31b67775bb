package ovload.standin.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * One identity's privacy configs, kept as OpenViking 0.5.2's UserPrivacyConfigService keeps them
 * under {@code viking://user/<user>/privacy/<category>/<target>}: a target's active values
 * ({@code current}), its metadata and every version it had. A target may hold no configuration at
 * all: 0.5.2 materializes a target's directory whenever it locks it (an upsert, a delete, a
 * skill's removal), and the directory stays, listed by categories and targets, never by the tree.
 * Removing a target removes its directory; its category's stays. Callers check identifiers first.
 */
public final class PrivacyConfigs {
  /** One snapshot, in 0.5.2's key order. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Version(int version, String category, String targetKey, ObjectNode values, String createdAt,
      String createdBy, String changeReason) {}

  /** A target's {@code .meta.json}, in 0.5.2's key order. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Meta(String category, String targetKey, int activeVersion, int latestVersion, String createdAt,
      String updatedAt, String updatedBy, String lastAccessedAt, ObjectNode labels) {}

  /** What removing one field did: the target went with its last field, else a new active version. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record FieldDeleted(boolean targetDeleted, Integer activeVersion) {}

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);

  /** A target's directory: empty (a lock left it) or a configuration. */
  private static final class Target {
    Meta meta;
    Version current;
    final TreeMap<Integer, Version> history = new TreeMap<>();
  }

  private final TreeMap<String, TreeMap<String, Target>> categories = new TreeMap<>();

  /** The time as 0.5.2 stamps it: UTC, milliseconds. */
  private static String now() {
    return STAMP.format(Instant.now());
  }

  /** The directory of a target, made when missing (0.5.2's lock does that). */
  private Target lock(String category, String target) {
    return categories.computeIfAbsent(category, c -> new TreeMap<>()).computeIfAbsent(target, t -> new Target());
  }

  private Target find(String category, String target) {
    TreeMap<String, Target> targets = categories.get(category);
    return targets == null ? null : targets.get(target);
  }

  /** Whether the target holds a configuration (a lock's empty directory does not). */
  public synchronized boolean exists(String category, String target) {
    Target t = find(category, target);
    return t != null && t.current != null;
  }

  public synchronized List<String> categories() {
    return List.copyOf(categories.keySet());
  }

  /** Every target directory of a category, configured or not, in name order. */
  public synchronized List<String> targets(String category) {
    TreeMap<String, Target> targets = categories.get(category);
    return targets == null ? List.of() : List.copyOf(targets.keySet());
  }

  public synchronized Version current(String category, String target) {
    Target t = find(category, target);
    return t == null ? null : t.current;
  }

  public synchronized Meta meta(String category, String target) {
    Target t = find(category, target);
    return t == null ? null : t.meta;
  }

  public synchronized Version version(String category, String target, int version) {
    Target t = find(category, target);
    return t == null ? null : t.history.get(version);
  }

  public synchronized List<Integer> versions(String category, String target) {
    Target t = find(category, target);
    return t == null ? List.of() : List.copyOf(t.history.keySet());
  }

  /**
   * Locks the target (its directory stays even when {@code check} then refuses the values), and
   * publishes {@code values} as a new version unless they equal the active ones: then only the
   * metadata is touched and the active version answers, as 0.5.2's upsert does. With
   * {@code merge}, the values are merged into the active ones (0.5.2's patch).
   */
  public synchronized Version upsert(String category, String target, ObjectNode values, boolean merge, String user,
      String changeReason, ObjectNode labels, Consumer<ObjectNode> check) {
    Target t = lock(category, target);
    ObjectNode next = values;
    if (merge && t.current != null) {
      next = t.current.values().deepCopy();
      next.setAll(values);
    }
    check.accept(next);
    String now = now();
    if (t.current != null && t.current.values().equals(next)) {
      t.meta = touch(t.meta, t.meta.activeVersion(), t.meta.latestVersion(), user, now, labels);
      return t.current;
    }
    int number = t.meta == null ? 1 : t.meta.latestVersion() + 1;
    Version version = new Version(number, category, target, next.deepCopy(), now, user, changeReason);
    t.history.put(number, version);
    t.current = version;
    Meta base = t.meta != null ? t.meta : new Meta(category, target, 0, 0, now, now, "", now, empty());
    t.meta = touch(base, number, number, user, now, labels);
    return version;
  }

  /** Makes a stored version active again; null when the target or the version is missing. */
  public synchronized Version activate(String category, String target, int version, String user) {
    Target t = lock(category, target);
    Version snapshot = t.history.get(version);
    if (t.meta == null || snapshot == null) {
      return null;
    }
    t.current = snapshot;
    String now = now();
    t.meta = touch(t.meta, version, t.meta.latestVersion(), user, now, null);
    return snapshot;
  }

  /**
   * Removes one active field by publishing a version without it; the last field takes the whole
   * target with it. Null when there is no such field.
   */
  public synchronized FieldDeleted deleteField(String category, String target, String field, String user) {
    Target t = lock(category, target);
    if (t.meta == null || t.current == null || !t.current.values().has(field)) {
      return null;
    }
    ObjectNode values = t.current.values().deepCopy();
    values.remove(field);
    if (values.isEmpty()) {
      categories.get(category).remove(target);
      return new FieldDeleted(true, null);
    }
    int number = t.meta.latestVersion() + 1;
    String now = now();
    Version version = new Version(number, category, target, values, now, user, "delete field: " + field);
    t.history.put(number, version);
    t.current = version;
    t.meta = touch(t.meta, number, number, user, now, null);
    return new FieldDeleted(false, number);
  }

  /** Removes a target with its history; false when it held no configuration (its lock's directory stays then). */
  public synchronized boolean delete(String category, String target) {
    Target t = lock(category, target);
    if (t.current == null) {
      return false;
    }
    categories.get(category).remove(target);
    return true;
  }

  private static Meta touch(Meta m, int active, int latest, String user, String now, ObjectNode labels) {
    return new Meta(m.category(), m.targetKey(), active, latest, m.createdAt(), now, user, now,
        labels != null ? labels.deepCopy() : m.labels());
  }

  private static ObjectNode empty() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** Whether any target holds a configuration: writes are sanitized only then. */
  public synchronized boolean configured() {
    return categories.values().stream().anyMatch(targets -> targets.values().stream().anyMatch(t -> t.current != null));
  }

  /** Every target's active version (what the sanitizer matches), in category, then target order. */
  public synchronized List<Version> active() {
    List<Version> out = new ArrayList<>();
    categories.values().forEach(targets -> targets.values().stream().filter(t -> t.current != null)
        .forEach(t -> out.add(t.current)));
    return out;
  }
}
