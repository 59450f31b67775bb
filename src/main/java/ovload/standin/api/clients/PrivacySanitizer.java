package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import ovload.standin.store.PrivacyConfigs;

/**
 * OpenViking 0.5.2's PrivacySanitizer over one user's active values: every text value of six
 * characters or more is a secret, found in content leftmost first, the longest where two start at
 * the same place, and replaced by its field's owner-bound reference; a value that several fields
 * hold is ambiguous, replaced by {@code {{ov_privacy:ambiguous}}} with its candidates listed.
 * Privacy's own storage is never sanitized. Past {@code max} matches nothing is replaced and the
 * result says so, as 0.5.2's matcher does.
 */
final class PrivacySanitizer {
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
