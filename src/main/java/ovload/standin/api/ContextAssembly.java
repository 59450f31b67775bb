package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovload.standin.store.SearchIndex.Hit;
import ovload.standin.store.Summaries;

/**
 * Search's {@code mode=context} answer as OpenViking 0.5.2's context assembler builds it
 * ({@code retrieve/context_assembler}): the hits become candidates (a directory's summary files
 * stand for the directory), each is placed at its category's default detail tier ({@code uri},
 * {@code abstract}, {@code overview}, {@code full}) within a per-entry cap and the token budget,
 * then deepened with what budget is left; the entries are rendered as {@code <memory ...>}
 * fragments; stats report the budget, the tiers and the fills under 0.5.2's keys, in its order.
 * Tokens are 0.5.2's estimate (a quarter token a character, CJK and astral characters more).
 */
final class ContextAssembly {
  static final List<String> MEMORY_CATEGORIES = List.of("events", "entities", "preferences", "experiences");
  private static final List<String> TIERS = List.of("uri", "abstract", "overview", "full");
  private static final Map<String, String> DEFAULT_TIER = Map.of("events", "overview");
  private static final Map<String, String> DEPTH_CEILING = Map.of("events", "full");
  private static final int HEADING_LIMIT = 24;
  private static final int PARAGRAPH_CHARS = 400;
  private static final Pattern HEADING = Pattern.compile("^(#{1,3})[ \\t]+(.+?)[ \\t]*$", Pattern.MULTILINE);
  private static final Pattern SUMMARY_SECTION = Pattern.compile(
      "^#{1,3}[ \\t]*Summary[ \\t]*$\\n(.*?)(?=^#{1,3}[ \\t]|\\z)",
      Pattern.CASE_INSENSITIVE | Pattern.MULTILINE | Pattern.DOTALL);
  private static final Pattern ENVELOPE_TAG = Pattern.compile("<(/?)memory(?=[\\s/>])", Pattern.CASE_INSENSITIVE);

  /** One entry as 0.5.2 lists it; {@code origin} is left out when empty. */
  record Entry(String uri, String category, double score, String detail, String text,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) String origin) {}

  record Assembled(List<Entry> entries, String rendered, String digest, Map<String, Object> stats) {}

  /** A hit resolved enough to plan its tier: a directory's {@code .abstract.md}/{@code .overview.md} is the directory. */
  record Candidate(String baseUri, String category, double score, String summary, boolean directory) {
    static Candidate of(Hit hit, String bucket) {
      String uri = hit.uri();
      boolean directory = false;
      for (String suffix : List.of(Summaries.ABSTRACT, Summaries.OVERVIEW)) {
        if (uri.endsWith("/" + suffix)) {
          uri = uri.substring(0, uri.length() - suffix.length() - 1);
          directory = true;
        }
      }
      return new Candidate(uri, bucket != null ? bucket : category(hit.uri()), hit.score(),
          hit.summary() == null ? "" : hit.summary(), directory);
    }

    private static String category(String uri) {
      int at = uri.indexOf("/memories/");
      if (at >= 0) {
        String segment = uri.substring(at + "/memories/".length()).split("/", 2)[0];
        return MEMORY_CATEGORIES.contains(segment) ? segment : "memories";
      }
      return uri.contains("/skills/") ? "skills" : uri.startsWith("viking://resources") || uri.contains("/resources/")
          ? "resources" : "memories";
    }

    boolean fullBodyAbstract() {
      return MEMORY_CATEGORIES.contains(category) || category.equals("memories");
    }
  }

  /**
   * The budget's inputs: {@code pins} a tier per category the caller pinned ({@code detail}; {@code detailStats} as stats report it),
   * {@code read} the text behind a node's overview and full tiers (a file's body, a directory's
   * overview document).
   */
  record Budget(int maxTokens, Map<String, String> pins, Object detailStats, Function<Candidate, String> read) {}

  private static final class Slot {
    final Candidate candidate;
    final String ceiling;
    Entry entry;
    int tokens;

    Slot(Candidate candidate, String ceiling, Entry entry, int tokens) {
      this.candidate = candidate;
      this.ceiling = ceiling;
      this.entry = entry;
      this.tokens = tokens;
    }
  }

  private ContextAssembly() {}

  /** Plans, renders and reports {@code candidates} (ranked already); {@code gathered} the gather's own stats. */
  static Assembled assemble(List<Candidate> candidates, Budget budget, Map<String, Object> gathered,
      Map<String, Object> tail) {
    int maxTokens = Math.max(1, budget.maxTokens());
    int cap = Math.max(1, maxTokens / Math.max(1, candidates.size()) * 2);
    Map<String, String> contents = new LinkedHashMap<>();
    Function<Candidate, String> content = c -> contents.computeIfAbsent(
        c.directory() ? c.baseUri() + "/" + Summaries.OVERVIEW : c.baseUri(), k -> budget.read().apply(c));
    List<Slot> slots = new ArrayList<>();
    int used = 0;
    int dropped = 0;
    int deduped = 0;
    Set<String> seenBodies = new HashSet<>();
    for (Candidate c : candidates) {
      String pin = budget.pins().get(c.category());
      String start = startTier(c, pin);
      String ceiling = pin != null || c.directory() ? start : higher(DEPTH_CEILING.getOrDefault(c.category(), start), start);
      Slot placed = null;
      for (String tier : tiersDownFrom(c, start)) {
        String text = tierText(c, tier, content);
        if (text == null) {
          continue;
        }
        Entry entry = entry(c, tier, text);
        int tokens = tokens(render(entry));
        int cost = tokens + (slots.isEmpty() ? 0 : 1);
        if ((tier.equals("uri") || tokens <= cap) && used + cost <= maxTokens) {
          placed = new Slot(c, ceiling, entry, tokens);
          break;
        }
      }
      if (placed == null) {
        dropped++;
      } else if (!seenBodies.add(placed.entry.text().isEmpty() ? c.baseUri() : placed.entry.text())) {
        deduped++; // the same text twice (a directory's two summary hits): injected once
      } else {
        used += placed.tokens + (slots.isEmpty() ? 0 : 1);
        slots.add(placed);
      }
    }
    int floor = used;
    int[] spent = {used};
    int overviewUpgrades = upgrade(slots, "overview", true, cap, maxTokens, spent, content);
    int fullUpgrades = upgrade(slots, "full", true, cap, maxTokens, spent, content);
    int spareUpgrades = upgrade(slots, "full", false, cap, maxTokens, spent, content);
    List<Entry> entries = slots.stream().map(s -> s.entry).toList();
    Map<String, Integer> tierCounts = new LinkedHashMap<>();
    entries.forEach(e -> tierCounts.merge(e.detail(), 1, Integer::sum));
    Map<String, Object> fill = new LinkedHashMap<>();
    fill.put("floor_tokens", floor);
    fill.put("overview_upgrades", overviewUpgrades);
    fill.put("full_upgrades", fullUpgrades);
    fill.put("spare_upgrades", spareUpgrades);
    Map<String, Object> stats = new LinkedHashMap<>(gathered);
    stats.put("max_tokens", maxTokens);
    stats.put("used_tokens", spent[0]);
    stats.put("per_entry_cap", cap);
    stats.put("returned", entries.size());
    stats.put("dropped", dropped);
    stats.put("deduped", deduped);
    stats.put("detail", budget.detailStats());
    stats.put("tier_counts", tierCounts);
    stats.put("fill", fill);
    stats.putAll(tail);
    return new Assembled(entries, String.join("\n", entries.stream().map(ContextAssembly::render).toList()), "", stats);
  }

  private static int upgrade(List<Slot> slots, String target, boolean respectCap, int cap, int maxTokens, int[] used,
      Function<Candidate, String> content) {
    int upgraded = 0;
    for (Slot slot : slots) {
      if (rank(slot.entry.detail()) >= rank(target) || rank(target) > rank(slot.ceiling)) {
        continue;
      }
      String text = tierText(slot.candidate, target, content);
      if (text == null) {
        continue;
      }
      Entry entry = entry(slot.candidate, target, text);
      int tokens = tokens(render(entry));
      int delta = tokens - slot.tokens;
      if ((respectCap && tokens > cap) || used[0] + delta > maxTokens) {
        continue;
      }
      slot.entry = entry;
      slot.tokens = tokens;
      used[0] += delta;
      upgraded++;
    }
    return upgraded;
  }

  private static int rank(String tier) {
    return TIERS.indexOf(tier);
  }

  private static String higher(String a, String b) {
    return rank(a) > rank(b) ? a : b;
  }

  private static String startTier(Candidate c, String pin) {
    if (c.directory()) { // no stored abstract of its own; its overview document is floor and ceiling
      return "overview";
    }
    String tier = pin != null ? pin : DEFAULT_TIER.getOrDefault(c.category(), "abstract");
    return tier.equals("abstract") && c.summary().isBlank() ? substitute(c) : tier;
  }

  private static String substitute(Candidate c) {
    return c.fullBodyAbstract() ? "overview" : "uri";
  }

  private static List<String> tiersDownFrom(Candidate c, String tier) {
    List<String> order = new ArrayList<>(TIERS.subList(0, rank(tier) + 1));
    java.util.Collections.reverse(order);
    if (tier.equals("abstract") && substitute(c).equals("overview")) {
      order.add(1, "overview");
    }
    return order;
  }

  private static String tierText(Candidate c, String tier, Function<Candidate, String> content) {
    String text = switch (tier) {
      case "uri" -> "";
      case "abstract" -> c.summary().strip();
      case "overview" -> c.directory() ? content.apply(c).strip() : overview(c, content.apply(c));
      default -> c.directory() ? "" : content.apply(c).strip();
    };
    return tier.equals("uri") || !text.isEmpty() ? text : null;
  }

  /** A file's overview tier: a memory's {@code # Summary} section, else its heading tree and first paragraph. */
  private static String overview(Candidate c, String content) {
    if (content.isEmpty()) {
      return "";
    }
    if (c.baseUri().contains("/memories/")) {
      Matcher summary = SUMMARY_SECTION.matcher(content);
      if (summary.find() && !summary.group(1).strip().isEmpty()) {
        return summary.group(1).strip();
      }
    }
    List<String> lines = new ArrayList<>();
    Matcher heading = HEADING.matcher(content);
    while (heading.find() && lines.size() < HEADING_LIMIT) {
      int depth = heading.group(1).length();
      lines.add("  ".repeat(depth - 1) + "#".repeat(depth) + " " + heading.group(2));
    }
    String paragraph = "";
    for (String block : content.split("\\n\\s*\\n")) {
      String text = String.join("\n", block.strip().lines().filter(l -> !l.stripLeading().startsWith("#")).toList())
          .strip();
      if (!text.isEmpty()) {
        paragraph = text.length() > PARAGRAPH_CHARS ? text.substring(0, PARAGRAPH_CHARS) : text;
        break;
      }
    }
    return String.join("\n\n", java.util.stream.Stream.of(String.join("\n", lines), paragraph)
        .filter(p -> !p.isEmpty()).toList()).strip();
  }

  private static Entry entry(Candidate c, String tier, String text) {
    return new Entry(c.baseUri(), c.category(), c.score(), tier, text, "self");
  }

  /** One fragment: metadata in attributes, the body (its envelope tags defused) as content. */
  static String render(Entry e) {
    String head = "<memory uri=\"" + attr(e.uri()) + "\" type=\"" + attr(e.category()) + "\" score=\""
        + String.format(Locale.ROOT, "%.2f", e.score()) + "\" detail=\"" + e.detail() + "\"";
    if (e.text().isEmpty()) {
      return head + " />";
    }
    return head + ">\n" + ENVELOPE_TAG.matcher(e.text()).replaceAll("<\\\\$1memory") + "\n</memory>";
  }

  private static String attr(String value) {
    return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
  }

  /** OpenViking 0.5.2's token estimate ({@code utils/token_estimation.estimate_text_tokens}). */
  static int tokens(String text) {
    if (text.isEmpty()) {
      return 0;
    }
    if (text.chars().allMatch(ch -> ch < 128)) {
      return (text.length() + 3) / 4;
    }
    long units = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (cp >= 0x4E00 && cp <= 0x9FFF) {
        units += 6;
      } else if (cp < 0x1100) {
        units += 1;
      } else if (cp <= 0x11FF || (cp >= 0x3000 && cp <= 0x30FF) || (cp >= 0x3130 && cp <= 0x318F)
          || (cp >= 0x31F0 && cp <= 0x31FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xAC00 && cp <= 0xD7AF)
          || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2EBEF)) {
        units += 6;
      } else {
        units += cp > 0xFFFF ? 8 : 1;
      }
    }
    return (int) ((units + 3) / 4);
  }
}
