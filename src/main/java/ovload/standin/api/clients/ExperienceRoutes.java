package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.http.Query;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/agent-evolution/experiences}, as OpenViking 0.5.2's agent-evolution service
 * answers them: an Experience is a file of the user's own under {@code memories/experiences}, and
 * its trajectories are those of sessions that read it. The stand-in writes no trajectories, so an
 * Experience a user wrote there has none, and every outcome counts 0; the checks come first, in
 * 0.5.2's order.
 */
public final class ExperienceRoutes {
  /** 0.5.2's {@code TRAJECTORY_OUTCOMES}, in its order. */
  private static final List<String> OUTCOMES = List.of("success", "failure", "partial", "unknown", "unfinished");
  private static final Set<String> SIDECARS = Set.of(".abstract.md", ".overview.md", ".relations.json");
  private static final int MAX_LIMIT = 1000;

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Trajectories(String experienceUri, List<Object> items, int total, int limit, int offset, boolean hasMore) {}

  record Outcome(String outcome, int count) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Outcomes(String experienceUri, List<Outcome> outcomeDistribution) {}

  private final TenantStore store;

  public ExperienceRoutes(TenantStore store) {
    this.store = store;
  }

  public void register(RouteTable routes) {
    String base = "/api/v1/agent-evolution/experiences";
    routes.add("GET", base + "/trajectories", c -> {
      Query q = c.query();
      String raw = q.required("experience_uri");
      int limit = q.positive("limit", 50);
      if (limit > MAX_LIMIT) {
        throw ApiException.validation("query.limit", "Input should be less than or equal to " + MAX_LIMIT,
            "less_than_equal");
      }
      int offset = offset(q.get("offset"));
      String uri = experience(c.id(), VikingUri.check(raw), q);
      return Reply.full(new Trajectories(uri, List.of(), 0, limit, offset, false));
    }).add("GET", base + "/outcomes", c -> {
      String uri = experience(c.id(), VikingUri.check(c.query().required("experience_uri")), c.query());
      return Reply.full(new Outcomes(uri, OUTCOMES.stream().map(o -> new Outcome(o, 0)).toList()));
    });
  }

  /** The Experience's URI once 0.5.2's checks pass: dates, ownership, a file that exists. */
  private String experience(Identity id, String uri, Query q) {
    LocalDate start = date(q.get("start_date"), "start_date");
    LocalDate end = date(q.get("end_date"), "end_date");
    if (start != null && end != null && start.isAfter(end)) {
      throw invalid("start_date must be earlier than or equal to end_date");
    }
    String[] parts = uri.substring("viking://".length()).split("/");
    if (parts.length < 5 || !parts[0].equals("user") || !parts[1].equals(id.user())
        || !parts[2].equals("memories") || !parts[3].equals("experiences") || SIDECARS.contains(parts[parts.length - 1])) {
      throw invalid("experience_uri must identify an Experience owned by the current user");
    }
    VikingTree.Node node = store.tenant(id.key()).tree().find(uri);
    if (node == null) {
      throw ApiException.notFound("File not found: " + uri, uri, "file");
    }
    if (node.dir()) {
      throw invalid("experience_uri must identify an Experience file");
    }
    return uri;
  }

  private static int offset(String value) {
    if (value == null) {
      return 0;
    }
    int offset;
    try {
      offset = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw ApiException.validation("query.offset", "Input should be a valid integer, unable to parse string as an "
          + "integer", "int_parsing");
    }
    if (offset < 0) {
      throw ApiException.validation("query.offset", "Input should be greater than or equal to 0", "greater_than_equal");
    }
    return offset;
  }

  private static LocalDate date(String value, String field) {
    String text = value == null ? "" : value.strip();
    if (text.isEmpty()) {
      return null;
    }
    try {
      LocalDate parsed = LocalDate.parse(text);
      if (!parsed.toString().equals(text)) {
        throw invalid(field + " must use YYYY-MM-DD format");
      }
      return parsed;
    } catch (DateTimeParseException e) {
      throw invalid(field + " must be a valid YYYY-MM-DD date");
    }
  }

  private static ApiException invalid(String message) {
    return new ApiException("INVALID_ARGUMENT", message, Map.of());
  }
}
