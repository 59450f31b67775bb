package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Call;
import ovload.standin.http.Handler;
import ovload.standin.http.Identity;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.PrivacyConfigs;
import ovload.standin.store.PrivacyConfigs.Version;
import ovload.standin.store.TenantStore;

/**
 * {@code /api/v1/privacy-configs}, a user's store of secrets, as OpenViking 0.5.2 answers it
 * (openviking/server/routers/privacy_configs.py, openviking/privacy/service.py): targets under a
 * category, each a versioned snapshot of field values; an upsert that changes nothing publishes no
 * version; activate makes an old version current; a field's owner-bound reference resolves to its
 * value for its owner only. Values come back where 0.5.2 returns them (a snapshot, {@code reveal},
 * resolve) and nowhere else: the tree and field listings carry references only. {@code scan} is
 * {@link PrivacyScan}. Checks run in 0.5.2's order: the request model, then identifiers, then
 * whether the target exists.
 */
public final class PrivacyRoutes {
  private static final String BASE = "/api/v1/privacy-configs";
  private static final String SEGMENT = "/([^/]+)";
  private static final Set<String> VALUES_BODY = Set.of("values", "change_reason", "labels");
  private static final int SELECTOR_MAX_CHARS = 2048;

  record Field(String field, boolean configured, String reference) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TreeTarget(String targetKey, int version, List<Field> fields) {}

  record TreeCategory(String category, List<TreeTarget> targets) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Tree(String ownerUserId, List<TreeCategory> categories) {}

  record Current(PrivacyConfigs.Meta meta, Version current) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Fields(String ownerUserId, String category, String targetKey, int version, List<Field> fields) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Deleted(String category, String targetKey, boolean deleted) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record TargetDeleted(String ownerUserId, String category, String targetKey, boolean deleted, String scope) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record FieldDeleted(String ownerUserId, String category, String targetKey, String field, boolean deleted,
      String scope, boolean targetDeleted, Integer activeVersion) {}

  private final TenantStore store;
  private final PrivacyScan scan;

  public PrivacyRoutes(TenantStore store, PrivacyScan scan) {
    this.store = store;
    this.scan = scan;
  }

  public void register(RouteTable routes) {
    String target = BASE + SEGMENT + SEGMENT;
    routes.add("GET", BASE, c -> Reply.full(privacy(c).categories()))
        .add("POST", BASE + "/scan", c -> Reply.full(scan.scan(c.id(), c.body(Set.of("uri", "fix", "node_limit")))))
        .add("POST", BASE + "/resolve", c -> Reply.full(resolve(c, selector(c))))
        .add("DELETE", BASE + "/selector", c -> Reply.full(deleteSelector(c, selector(c))))
        .add("GET", BASE + "/tree", c -> Reply.full(tree(c, c.query().get("category"))));
    // the literal routes' paths are also a category's on GET, as 0.5.2's /{category} takes them
    for (String literal : List.of("scan", "resolve", "selector")) {
      routes.add("GET", BASE + "/" + literal, c -> Reply.full(targets(c, literal)));
    }
    routes.add("GET", BASE + SEGMENT, c -> Reply.full(targets(c, c.pathParam(1))))
        .add("GET", target, on(this::current))
        .add("POST", target, c -> Reply.full(upsert(c, false)))
        .add("PATCH", target, c -> Reply.full(upsert(c, true)))
        .add("DELETE", target, c -> Reply.full(delete(c)))
        .add("GET", target + "/fields", on(this::fields))
        .add("GET", target + "/field", c -> {
          String name = fieldQuery(c);
          boolean reveal = c.query().flag("reveal");
          return on((call, cat, key) -> field(call, cat, key, name, reveal)).handle(c);
        })
        .add("DELETE", target + "/field", c -> Reply.full(deleteField(c)))
        .add("GET", target + "/versions", on((c, cat, key) -> privacy(c).versions(cat, key)))
        .add("GET", target + "/versions" + SEGMENT, c -> {
          int number = versionParam(c.pathParam(3));
          return on((call, cat, key) -> version(call, cat, key, number)).handle(c);
        })
        .add("POST", target + "/activate", c -> Reply.full(activate(c)));
  }

  /** A handler on one existing target: 0.5.2's {@code _require_privacy_target} first. */
  private interface OnTarget {
    Object answer(Call c, String category, String target);
  }

  private Handler on(OnTarget handler) {
    return c -> {
      String category = c.pathParam(1);
      String target = c.pathParam(2);
      requireTarget(c, category, target);
      return Reply.full(handler.answer(c, category, target));
    };
  }

  private PrivacyConfigs privacy(Call c) {
    return store.tenant(c.id().key()).privacy();
  }

  private void requireTarget(Call c, String category, String target) {
    PrivacyChecks.target(category, target);
    if (!privacy(c).exists(category, target)) {
      throw notFound(category + "/" + target, "privacy config");
    }
  }

  private static ApiException notFound(String resource, String type) {
    return new ApiException("NOT_FOUND", Character.toUpperCase(type.charAt(0)) + type.substring(1) + " not found: "
        + resource, PrivacyChecks.details("type", type, "resource", resource));
  }

  private List<String> targets(Call c, String category) {
    PrivacyChecks.identifier(category, "category");
    return privacy(c).targets(category);
  }

  /** The caller's configured targets with their fields' references; a target a lock left empty is none. */
  private Tree tree(Call c, String only) {
    if (only != null) {
      PrivacyChecks.identifier(only, "category");
    }
    PrivacyConfigs privacy = privacy(c);
    String user = c.id().user();
    List<TreeCategory> categories = new ArrayList<>();
    for (String category : only != null ? List.of(only) : privacy.categories()) {
      List<TreeTarget> targets = new ArrayList<>();
      for (String key : privacy.targets(category)) {
        Version current = privacy.current(category, key);
        if (current != null) {
          targets.add(new TreeTarget(key, current.version(), fields(user, current)));
        }
      }
      categories.add(new TreeCategory(category, targets));
    }
    return new Tree(user, categories);
  }

  /** A snapshot's fields by name, each with whether it is set and its reference, never its value. */
  private static List<Field> fields(String user, Version v) {
    List<Field> out = new ArrayList<>();
    TreeSet<String> names = new TreeSet<>();
    v.values().fieldNames().forEachRemaining(names::add);
    names.forEach(name -> out.add(new Field(name,
        PrivacyChecks.configured(v.values().get(name)),
        PrivacyChecks.reference(user, v.category(), v.targetKey(), name))));
    return out;
  }

  private Current current(Call c, String category, String target) {
    PrivacyConfigs privacy = privacy(c);
    return new Current(privacy.meta(category, target), privacy.current(category, target));
  }

  private Fields fields(Call c, String category, String target) {
    Version current = privacy(c).current(category, target);
    return new Fields(c.id().user(), category, target, current.version(), fields(c.id().user(), current));
  }

  private Object field(Call c, String category, String target, String name, boolean reveal) {
    Version current = privacy(c).current(category, target);
    if (current == null || !current.values().has(name)) {
      throw notFound(category + "/" + target + "/fields/" + name, "privacy config field");
    }
    String user = c.id().user();
    Map<String, Object> out = PrivacyChecks.details("owner_user_id", user, "category", category, "target_key", target,
        "field", name, "version", current.version(), "configured", PrivacyChecks.configured(current.values().get(name)),
        "reference", PrivacyChecks.reference(user, category, target, name));
    if (reveal) {
      out.put("value", current.values().get(name));
    }
    return out;
  }

  private static String fieldQuery(Call c) {
    String name = c.query().required("field");
    if (name.isEmpty()) {
      throw ApiException.validation("query.field", "String should have at least 1 character", "string_too_short");
    }
    return name;
  }

  private static int versionParam(String raw) {
    try {
      return Integer.parseInt(raw.strip());
    } catch (NumberFormatException e) {
      throw ApiException.validation("path.version", "Input should be a valid integer, unable to parse string as an "
          + "integer", "int_parsing");
    }
  }

  private Version version(Call c, String category, String target, int number) {
    Version v = privacy(c).version(category, target, number);
    if (v == null) {
      throw notFound(category + "/" + target + "/versions/" + number, "privacy config");
    }
    return v;
  }

  private Version upsert(Call c, boolean merge) {
    c.body(VALUES_BODY);
    JsonNode values = c.json().get("values");
    if (values == null) {
      throw ApiException.validation("body.values", "Field required", "missing");
    }
    if (!values.isObject()) {
      throw ApiException.validation("body.values", "Input should be a valid dictionary", "dict_type");
    }
    JsonNode reason = c.json().get("change_reason");
    if (reason != null && !reason.isTextual()) {
      throw ApiException.validation("body.change_reason", "Input should be a valid string", "string_type");
    }
    JsonNode labels = c.json().get("labels");
    if (labels != null && !labels.isNull() && !labels.isObject()) {
      throw ApiException.validation("body.labels", "Input should be a valid dictionary", "dict_type");
    }
    String category = c.pathParam(1);
    String target = c.pathParam(2);
    PrivacyChecks.target(category, target);
    String changeReason = reason == null ? "" : reason.asText();
    ObjectNode labelObject = labels == null || labels.isNull() ? null : (ObjectNode) labels;
    return privacy(c).upsert(category, target, (ObjectNode) values, merge, c.id().user(), changeReason, labelObject,
        next -> {
          PrivacyChecks.values(next, category);
          PrivacyChecks.metadata(changeReason, labelObject);
        });
  }

  private Deleted delete(Call c) {
    String category = c.pathParam(1);
    String target = c.pathParam(2);
    PrivacyChecks.target(category, target);
    return new Deleted(category, target, privacy(c).delete(category, target));
  }

  private Version activate(Call c) {
    Body body = c.body(Set.of("version"));
    if (!body.has("version")) {
      throw ApiException.validation("body.version", "Field required", "missing");
    }
    int version = (int) body.whole("version", 0, Integer.MIN_VALUE);
    String category = c.pathParam(1);
    String target = c.pathParam(2);
    requireTarget(c, category, target);
    Version snapshot = privacy(c).activate(category, target, version, c.id().user());
    if (snapshot == null) {
      throw notFound(category + "/" + target + "/versions/" + version, "privacy config");
    }
    return snapshot;
  }

  private FieldDeleted deleteField(Call c) {
    String category = c.pathParam(1);
    String target = c.pathParam(2);
    String name = fieldQuery(c);
    PrivacyChecks.fieldName(name, "field");
    requireTarget(c, category, target);
    PrivacyConfigs.FieldDeleted outcome = privacy(c).deleteField(category, target, name, c.id().user());
    if (outcome == null) {
      throw notFound(category + "/" + target + "/fields/" + name, "privacy config field");
    }
    return new FieldDeleted(c.id().user(), category, target, name, true, "field", outcome.targetDeleted(),
        outcome.activeVersion());
  }

  /** The selector of resolve and delete (PrivacySelectorRequest): a non-empty string of at most 2048 characters. */
  private static String selector(Call c) {
    String selector = c.body(Set.of("selector")).text("selector");
    if (selector.isEmpty()) {
      throw ApiException.validation("body.selector", "String should have at least 1 character", "string_too_short");
    }
    if (selector.codePointCount(0, selector.length()) > SELECTOR_MAX_CHARS) {
      throw ApiException.validation("body.selector", "String should have at most " + SELECTOR_MAX_CHARS
          + " characters", "string_too_long");
    }
    return selector;
  }

  /** One field's value for its owner: 0.5.2's resolve answers the value itself. */
  private Map<String, Object> resolve(Call c, String selector) {
    Identity id = c.id();
    PrivacyChecks.FieldRef ref = PrivacyChecks.fieldSelector(selector, id.user());
    if (ref == null) {
      throw ApiException.invalid("selector must be an owner-bound Privacy reference or a field-level Privacy URI");
    }
    requireOwner(ref.owner(), id);
    PrivacyChecks.fieldName(ref.field(), "field");
    requireTarget(c, ref.category(), ref.target());
    Version current = privacy(c).current(ref.category(), ref.target());
    if (current == null || !current.values().has(ref.field())) {
      throw notFound(selector, "privacy config field");
    }
    JsonNode value = current.values().get(ref.field());
    return PrivacyChecks.details("owner_user_id", ref.owner(), "category", ref.category(), "target_key", ref.target(),
        "field", ref.field(), "version", current.version(), "configured", PrivacyChecks.configured(value),
        "reference", ref.render(), "value", value);
  }

  private Object deleteSelector(Call c, String selector) {
    Identity id = c.id();
    PrivacyChecks.FieldRef field = PrivacyChecks.fieldSelector(selector, id.user());
    if (field != null) {
      requireOwner(field.owner(), id);
      PrivacyChecks.fieldName(field.field(), "field");
      PrivacyChecks.target(field.category(), field.target());
      PrivacyConfigs.FieldDeleted outcome = privacy(c).deleteField(field.category(), field.target(), field.field(),
          id.user());
      if (outcome == null) {
        throw notFound(selector, "privacy config field");
      }
      return new FieldDeleted(field.owner(), field.category(), field.target(), field.field(), true, "field",
          outcome.targetDeleted(), outcome.activeVersion());
    }
    PrivacyChecks.TargetRef target = PrivacyChecks.targetSelector(selector, id.user());
    if (target == null) {
      throw ApiException.invalid("selector must be a Privacy target URI, field URI, or owner-bound reference");
    }
    requireOwner(target.owner(), id);
    PrivacyChecks.target(target.category(), target.target());
    boolean deleted = privacy(c).delete(target.category(), target.target());
    return new TargetDeleted(target.owner(), target.category(), target.target(), deleted, "target");
  }

  /** A reference of another user's is refused, an administrator's call too. */
  private static void requireOwner(String owner, Identity id) {
    if (!owner.equals(id.user())) {
      throw new ApiException("PERMISSION_DENIED", "Privacy reference belongs to user " + owner,
          Map.of("resource", owner));
    }
  }
}
