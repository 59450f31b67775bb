package ovload.standin.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import ovload.standin.http.ApiException;

/** One identity's in-memory {@code viking://} file tree: directories and text files. */
public final class VikingTree {
  public record Node(String uri, boolean dir, String content, double modTime) {}

  public record GrepResult(List<GrepMatch> matches, int filesScanned) {}

  /** One matching line, with the lines around it when asked for (0.5.2 leaves the keys out otherwise). */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record GrepMatch(String uri, int line, String content, List<ContextLine> beforeContext,
      List<ContextLine> afterContext) {}

  /** A line around a match. */
  public record ContextLine(int line, String content) {}

  /** One entry as OpenViking 0.5.2's ls lists it: its keys are camel case, unlike the rest of the API. */
  public record LsEntry(String uri, int size, @JsonProperty("isDir") boolean isDir, String modTime,
      @JsonProperty("abstract") String summary) {}

  /**
   * In walk order (a directory's whole subtree right after its name, names in order), so that glob
   * and grep list what they find as 0.5.2's directory-by-directory walk does, with no sort per call.
   */
  private final ConcurrentSkipListMap<String, Node> nodes = new ConcurrentSkipListMap<>(VikingTree::walkOrder);

  /**
   * String order with {@code /} below every other character: {@code alpha/alpha.md} comes before
   * {@code alpha-moved.md}. Siblings keep their plain order; a prefix's range stays contiguous.
   */
  static int walkOrder(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        return x == '/' ? -1 : y == '/' ? 1 : x - y;
      }
    }
    return a.length() - b.length();
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  /**
   * Creates {@code uri} as a directory (its parents as needed); an existing one is {@code 409
   * CONFLICT} with {@code details.resource}, as OpenViking 0.5.2 answers.
   */
  public synchronized void mkdir(String uri) {
    if (nodes.containsKey(uri)) {
      throw new ApiException("CONFLICT", "already exists: " + uri, Map.of("resource", uri));
    }
    ensureDirs(uri);
  }

  private void ensureDirs(String uri) {
    for (String dir = uri; dir != null && dir.length() > "viking://".length(); dir = VikingUri.parent(dir)) {
      Node existing = nodes.get(dir);
      if (existing != null && !existing.dir()) {
        throw new ApiException("CONFLICT", "a file is in the way: " + dir);
      }
      if (existing == null) {
        nodes.put(dir, new Node(dir, true, null, now()));
      }
    }
  }

  public synchronized void writeFile(String uri, String content) {
    Node existing = nodes.get(uri);
    if (existing != null && existing.dir()) {
      throw new ApiException("CONFLICT", "a directory is in the way: " + uri);
    }
    String parent = VikingUri.parent(uri);
    if (parent != null) {
      ensureDirs(parent);
    }
    nodes.put(uri, new Node(uri, false, content, now()));
  }

  /**
   * Removes {@code uri} (and, if recursive, all below it); returns the removed URIs. A missing
   * {@code uri} removes nothing and is no error, as OpenViking 0.5.2 answers 200 to it.
   */
  public synchronized List<String> rm(String uri, boolean recursive) {
    if (!nodes.containsKey(uri)) {
      return List.of();
    }
    NavigableMap<String, Node> below = nodes.subMap(uri + "/", true, uri + "/\uffff", true);
    if (!below.isEmpty() && !recursive) {
      throw new ApiException("FAILED_PRECONDITION", "directory not empty: pass recursive=true to remove " + uri);
    }
    List<String> removed = new ArrayList<>(below.keySet());
    removed.add(uri);
    below.clear();
    nodes.remove(uri);
    return removed;
  }

  /** The node at {@code uri}, or null. */
  public Node find(String uri) {
    return nodes.get(uri);
  }

  /** A directory's entries as OpenViking 0.5.2's ls lists them. */
  public List<LsEntry> ls(String uri) {
    boolean root = uri.equals("viking://"); // the root always exists: its entries are the scopes in use
    Node dir = nodes.get(uri);
    if (!root && (dir == null || !dir.dir())) {
      throw ApiException.notFound("Directory not found: " + uri, uri, "directory");
    }
    List<LsEntry> entries = new ArrayList<>();
    for (Node node : root ? nodes.values() : nodes.subMap(uri + "/", true, uri + "/\uffff", true).values()) {
      if (root ? VikingUri.parent(node.uri()) == null : VikingUri.parent(node.uri()).equals(uri)) {
        entries.add(new LsEntry(node.uri(), node.dir() ? 0 : node.content().length(), node.dir(),
            Instant.ofEpochMilli((long) (node.modTime() * 1000)).toString(), ""));
      }
    }
    return entries;
  }

  /**
   * The files at or below {@code root}, matched on whole path segments: under
   * {@code viking://resources/proj} is never {@code viking://resources/proj-private}.
   */
  private List<Node> filesUnder(String root) {
    if (root.equals("viking://")) {
      return nodes.values().stream().filter(n -> !n.dir()).toList();
    }
    List<Node> files = new ArrayList<>();
    Node self = nodes.get(root);
    if (self != null && !self.dir()) {
      files.add(self);
    }
    nodes.subMap(root + "/", true, root + "/\uffff", true).values().stream().filter(n -> !n.dir()).forEach(files::add);
    return files;
  }

  /**
   * Lines matching {@code regex} (RE2 syntax, matched in linear time: no pattern can backtrack for
   * ever) in the files at or below {@code root}, at most {@code limit}. {@code filesScanned}
   * counts the files with a match, as OpenViking 0.5.2 counts the candidate files its index finds.
   */
  /** The first {@code n} files at or below {@code root}, in URI order. */
  public List<Node> firstFilesUnder(String root, int n) {
    return nodes.subMap(root + "/", true, root + "/\uffff", true).values().stream().filter(f -> !f.dir()).limit(n)
        .toList();
  }

  public GrepResult grep(String root, String regex, boolean caseInsensitive, int before, int after, int limit,
      ScanDeadline deadline) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex, caseInsensitive ? Pattern.CASE_INSENSITIVE : 0);
    } catch (PatternSyntaxException e) {
      throw new ApiException("INVALID_ARGUMENT", "invalid operation: Invalid regex pattern: " + e.getDescription(),
          Map.of("resource", root));
    }
    List<GrepMatch> matches = new ArrayList<>();
    int scanned = 0;
    if (limit <= 0) {
      return new GrepResult(matches, 0);
    }
    for (Node file : filesUnder(root)) {
      String[] lines = file.content().split("\n", -1);
      int found = matches.size();
      for (int i = 0; i < lines.length && matches.size() < limit; i++) {
        deadline.check(root);
        if (pattern.matcher(lines[i]).find()) {
          matches.add(new GrepMatch(file.uri(), i + 1, lines[i], context(lines, before, (long) i - before, i),
              context(lines, after, i + 1, (long) i + 1 + after)));
        }
      }
      if (matches.size() > found) {
        scanned++;
      }
      if (matches.size() >= limit) {
        break;
      }
    }
    return new GrepResult(matches, scanned);
  }

  /**
   * Lines {@code from} (inclusive) to {@code to} (exclusive) within the file's lines as Python's
   * {@code splitlines} gives them (no empty line after a final newline); null when none were asked for.
   */
  private static List<ContextLine> context(String[] lines, int asked, long from, long to) {
    if (asked <= 0) {
      return null;
    }
    int count = lines.length > 0 && lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
    List<ContextLine> out = new ArrayList<>();
    for (int i = (int) Math.max(0, from); i < Math.min(count, to); i++) {
      out.add(new ContextLine(i + 1, lines[i]));
    }
    return out;
  }

  public List<String> glob(String root, String glob, int limit, ScanDeadline deadline) {
    Pattern pattern = Pattern.compile(globToRegex(glob));
    List<String> matches = new ArrayList<>();
    if (limit <= 0) {
      return matches;
    }
    for (Node file : filesUnder(root)) {
      String relative = root.equals("viking://") ? file.uri().substring("viking://".length())
          : file.uri().equals(root) ? VikingUri.name(root) : file.uri().substring(root.length() + 1);
      deadline.check(root);
      if (pattern.matcher(relative).matches()) {
        matches.add(file.uri());
        if (matches.size() >= limit) {
          break;
        }
      }
    }
    return matches;
  }

  /** {@code **} spans directories, {@code *} and {@code ?} stay within one name. */
  private static String globToRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
        boolean slash = i + 2 < glob.length() && glob.charAt(i + 2) == '/';
        regex.append(slash ? "(?:.*/)?" : ".*");
        i += slash ? 2 : 1;
      } else if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return regex.toString();
  }
}
