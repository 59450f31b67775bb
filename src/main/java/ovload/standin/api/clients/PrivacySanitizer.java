package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ovload.standin.http.ApiException;
import ovload.standin.http.Identity;
import ovload.standin.store.PrivacyConfigs;
import ovload.standin.store.Tenant;

/**
 * OpenViking 0.5.2's PrivacySanitizer over one user's active values: every text value of six
 * characters or more is a secret, found in content leftmost first, the longest where two start at
 * the same place, and replaced by its field's owner-bound reference; a value that several fields
 * hold is ambiguous, replaced by {@code {{ov_privacy:ambiguous}}} with its candidates listed.
 * Privacy's own storage is never sanitized. Past {@code max} matches nothing is replaced and the
 * result says so, as 0.5.2's matcher does. 0.5.2 runs it on every text file it writes
 * ({@link #stored}), so a registered secret never lands in stored content, summaries or the index.
 */
public final class PrivacySanitizer {
  static final String AMBIGUOUS = "{{ov_privacy:ambiguous}}";
  /** Python's order of tuples of strings: element by element, then the shorter first. */
  static final Comparator<List<String>> CANDIDATES_ORDER = (a, b) -> {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  };
  private static final int MIN_PROTECTED_CHARS = 6;
  /** 0.5.2's sanitizer's own replacement limit (the scan passes a lower one). */
  private static final int DEFAULT_MAX_REPLACEMENTS = 10000;

  /**
   * The rewritten content, each occurrence's reference (the placeholder for an ambiguous one), the
   * candidates of each ambiguous occurrence, and whether the match limit was passed.
   */
  record Result(String content, List<String> references, List<List<String>> ambiguous, boolean limitExceeded) {}

  private final String user;
  /** The secrets by their first character, longest first; each with its sorted references. */
  private final Map<Character, List<Map.Entry<String, List<String>>>> secrets = new HashMap<>();

  PrivacySanitizer(String user, PrivacyConfigs privacy) {
    this.user = user;
    Map<String, TreeSet<String>> references = new TreeMap<>();
    for (PrivacyConfigs.Version v : privacy.active()) {
      v.values().fields().forEachRemaining(f -> {
        JsonNode value = f.getValue();
        if (value.isTextual() && value.asText().codePointCount(0, value.asText().length()) >= MIN_PROTECTED_CHARS) {
          references.computeIfAbsent(value.asText(), k -> new TreeSet<>())
              .add(PrivacyChecks.reference(user, v.category(), v.targetKey(), f.getKey()));
        }
      });
    }
    references.forEach((secret, refs) -> secrets.computeIfAbsent(secret.charAt(0), c -> new ArrayList<>())
        .add(Map.entry(secret, List.copyOf(refs))));
    secrets.values().forEach(list -> list.sort(Comparator.comparingInt(
        (Map.Entry<String, List<String>> e) -> e.getKey().length()).reversed()));
  }

  /** How a file write refuses a value several fields hold (VikingFS.write_file). */
  public static final String FILE_REFUSAL = "Content contains a Privacy value mapped to multiple fields; insert the "
      + "intended owner-bound reference explicitly";
  /** How content/write refuses it. */
  public static final String CONTENT_REFUSAL = "Content contains a Privacy value mapped to multiple fields; remove the "
      + "duplicate mapping or insert the intended reference explicitly";
  /** How a skill's add or update refuses it. */
  public static final String SKILL_REFUSAL = "Skill content contains a Privacy value mapped to multiple fields; insert "
      + "the intended owner-bound reference explicitly";

  /**
   * The text a write stores, as 0.5.2 sanitizes every text it writes with the writer's active
   * values: each secret replaced by its reference; one that several fields hold is refused
   * ({@code refusal}, 400 with the candidates).
   */
  public static String stored(Tenant tenant, Identity id, String uri, String content, String refusal) {
    if (!tenant.privacy().configured()) {
      return content;
    }
    Result result = new PrivacySanitizer(id.user(), tenant.privacy()).sanitize(content, uri, DEFAULT_MAX_REPLACEMENTS);
    if (result.limitExceeded()) {
      throw new ApiException("RESOURCE_EXHAUSTED", "Content exceeds the Privacy sanitizer replacement limit",
          PrivacyChecks.details("uri", uri, "max_replacements", DEFAULT_MAX_REPLACEMENTS));
    }
    if (!result.ambiguous().isEmpty()) {
      throw new ApiException("INVALID_ARGUMENT", refusal, PrivacyChecks.details("uri", uri, "candidate_references",
          result.ambiguous()));
    }
    return result.content();
  }

  Result sanitize(String content, String uri, int max) {
    String storage = "viking://user/" + user + "/privacy";
    if (content.isEmpty() || secrets.isEmpty() || uri.equals(storage) || uri.startsWith(storage + "/")) {
      return new Result(content, List.of(), List.of(), false);
    }
    StringBuilder out = new StringBuilder(content.length());
    List<String> references = new ArrayList<>();
    List<List<String>> ambiguous = new ArrayList<>();
    int i = 0;
    while (i < content.length()) {
      Map.Entry<String, List<String>> hit = longestAt(content, i);
      if (hit == null) {
        out.append(content.charAt(i++));
        continue;
      }
      if (references.size() == max) {
        return new Result(content, List.of(), List.of(), true);
      }
      List<String> candidates = hit.getValue();
      String reference = candidates.size() == 1 ? candidates.get(0) : AMBIGUOUS;
      if (candidates.size() > 1) {
        ambiguous.add(candidates);
      }
      references.add(reference);
      out.append(reference);
      i += hit.getKey().length();
    }
    return new Result(out.toString(), references, ambiguous, false);
  }

  private Map.Entry<String, List<String>> longestAt(String content, int at) {
    List<Map.Entry<String, List<String>>> candidates = secrets.get(content.charAt(at));
    if (candidates != null) {
      for (Map.Entry<String, List<String>> e : candidates) {
        if (content.startsWith(e.getKey(), at)) {
          return e;
        }
      }
    }
    return null;
  }
}
