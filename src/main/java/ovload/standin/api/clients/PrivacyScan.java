package ovload.standin.api.clients;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import ovload.standin.api.Indexing;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.store.Summaries;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.Tenant;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code POST /api/v1/privacy-configs/scan}, as OpenViking 0.5.2 scans one URI for the caller's
 * registered secrets (openviking/privacy/scan.py, sanitizer.py): one scan at a time per server, the
 * files below the URI read at most 20 a second within its byte, node and time budgets, the
 * directories' summary sidecars skipped as internal metadata, and each file's occurrences of an
 * active value of six characters or more reported by reference (never by value). With {@code fix},
 * a file whose every match maps to one field is rewritten with the references and re-indexed.
 */
public final class PrivacyScan {
  private static final int MAX_NODES = 1000;
  private static final int MAX_FILE_BYTES = 1024 * 1024;
  private static final int MAX_TOTAL_BYTES = 16 * 1024 * 1024;
  private static final int MAX_REPLACEMENTS_PER_FILE = 1000;
  private static final int MAX_REFERENCE_DETAILS = 32;
  private static final int MAX_REPAIRED_FILES = 100;
  private static final double MAX_DURATION_SECONDS = 60.0;
  private static final double FILES_PER_SECOND = 20.0;
  private static final int MAX_URI_CHARS = 2048;
  /** The sidecars 0.5.2 writes next to a directory's files; the stand-in derives them, so it lists them here. */
  private static final List<String> SIDECARS = List.of(Summaries.ABSTRACT, Summaries.OVERVIEW);
  private static final Set<String> SKIPPED = Set.of(".abstract.md", ".overview.md",
      ".relations.json", ".source.json", ".image_mappings.json", ".artifact_manifest.json");

  private record Entry(String uri, boolean dir, String content) {}

  private final TenantStore store;
  private final TaskBoard tasks;
  private final Indexing indexing;
  private final AtomicBoolean running = new AtomicBoolean();

  public PrivacyScan(TenantStore store, TaskBoard tasks, Indexing indexing) {
    this.store = store;
    this.tasks = tasks;
    this.indexing = indexing;
  }

  /** The body's checks (ScanPrivacyContentRequest), then one scan, refused while another runs. */
  Map<String, Object> scan(Identity id, Body body) throws InterruptedException {
    String uri = body.text("uri");
    if (uri.isEmpty()) {
      throw ApiException.validation("body.uri", "String should have at least 1 character", "string_too_short");
    }
    if (uri.codePointCount(0, uri.length()) > MAX_URI_CHARS) {
      throw ApiException.validation("body.uri", "String should have at most " + MAX_URI_CHARS + " characters",
          "string_too_long");
    }
    boolean fix = body.flag("fix", false);
    long nodeLimit = body.whole("node_limit", MAX_NODES, 1);
    if (nodeLimit > MAX_NODES) {
      throw ApiException.validation("body.node_limit", "Input should be less than or equal to " + MAX_NODES,
          "less_than_equal");
    }
    if (!running.compareAndSet(false, true)) {
      throw new ApiException("RESOURCE_EXHAUSTED", "Another Privacy scan is already running in this server process",
          Map.of("max_concurrent_scans", 1));
    }
    try {
      return run(id, root(id, uri), fix, (int) nodeLimit);
    } finally {
      running.set(false);
    }
  }

  /** The request's URI with {@code viking://~} as the caller's own space. */
  private static String root(Identity id, String raw) {
    String home = "viking://user/" + id.user();
    if (raw.equals("viking://~") || raw.equals("viking://~/")) {
      return home;
    }
    return VikingUri.check(raw.startsWith("viking://~/") ? home + raw.substring("viking://~".length()) : raw);
  }

  private Map<String, Object> run(Identity id, String root, boolean fix, int nodeLimit) throws InterruptedException {
    long started = System.nanoTime();
    Tenant tenant = store.tenant(id.key());
    VikingTree tree = tenant.tree();
    VikingTree.Node top = tree.find(root);
    if (top == null) {
      throw new ApiException("NOT_FOUND", "Privacy scan target not found: " + root,
          PrivacyChecks.details("type", "privacy scan target", "resource", root));
    }
    boolean truncated = false;
    List<Entry> files = new ArrayList<>();
    if (top.dir()) {
      List<Entry> entries = new ArrayList<>();
      walk(tree, root, nodeLimit, entries);
      truncated = entries.size() >= nodeLimit;
      entries.stream().filter(e -> !e.dir()).forEach(files::add);
    } else {
      files.add(new Entry(root, false, top.content()));
    }
    PrivacySanitizer sanitizer = new PrivacySanitizer(id.user(), tenant.privacy());
    List<Map<String, Object>> matches = new ArrayList<>();
    Map<String, Integer> skipped = new LinkedHashMap<>();
    TreeSet<String> reindexRoots = new TreeSet<>();
    int scannedFiles = 0;
    long scannedBytes = 0;
    int repaired = 0;
    String stopReason = null;
    boolean fixTruncated = false;
    long lastRead = 0;
    for (Entry file : files) {
      if (seconds(started) >= MAX_DURATION_SECONDS) {
        truncated = true;
        stopReason = "duration_limit";
        break;
      }
      if (SKIPPED.contains(VikingUri.name(file.uri()))) {
        skipped.merge("internal_metadata", 1, Integer::sum);
        continue;
      }
      byte[] raw = file.content().getBytes(StandardCharsets.UTF_8);
      if (raw.length > MAX_FILE_BYTES) {
        skipped.merge("file_too_large", 1, Integer::sum);
        continue;
      }
      if (scannedBytes + raw.length > MAX_TOTAL_BYTES) {
        truncated = true;
        stopReason = "total_bytes_limit";
        break;
      }
      if (lastRead != 0) {
        long delayNanos = (long) (1e9 / FILES_PER_SECOND) - (System.nanoTime() - lastRead);
        if (delayNanos > 0) {
          if (MAX_DURATION_SECONDS - seconds(started) <= delayNanos / 1e9) {
            truncated = true;
            stopReason = "duration_limit";
            break;
          }
          Thread.sleep(delayNanos / 1_000_000, (int) (delayNanos % 1_000_000));
        }
      }
      lastRead = System.nanoTime();
      scannedFiles++;
      scannedBytes += raw.length;
      PrivacySanitizer.Result result = sanitizer.sanitize(file.content(), file.uri(), MAX_REPLACEMENTS_PER_FILE);
      if (result.limitExceeded()) {
        skipped.merge("match_limit_exceeded", 1, Integer::sum);
        matches.add(PrivacyChecks.details("uri", file.uri(), "occurrences", MAX_REPLACEMENTS_PER_FILE + 1,
            "occurrences_truncated", true, "references", List.of(), "ambiguous", List.of(), "fixable", false,
            "fixed", false, "reason", "match_limit_exceeded"));
        continue;
      }
      if (result.references().isEmpty()) {
        continue;
      }
      List<String> references = List.copyOf(new TreeSet<>(result.references()));
      TreeSet<List<String>> distinct = new TreeSet<>(PrivacySanitizer.CANDIDATES_ORDER);
      distinct.addAll(result.ambiguous());
      List<List<String>> ambiguous = List.copyOf(distinct);
      boolean fixable = result.ambiguous().isEmpty();
      Map<String, Object> item = PrivacyChecks.details("uri", file.uri(), "occurrences", result.references().size(),
          "references", references.subList(0, Math.min(MAX_REFERENCE_DETAILS, references.size())),
          "references_truncated", references.size() > MAX_REFERENCE_DETAILS,
          "ambiguous", ambiguous.stream().limit(MAX_REFERENCE_DETAILS)
              .map(c -> c.subList(0, Math.min(MAX_REFERENCE_DETAILS, c.size()))).toList(),
          "ambiguous_truncated", ambiguous.size() > MAX_REFERENCE_DETAILS
              || ambiguous.stream().anyMatch(c -> c.size() > MAX_REFERENCE_DETAILS),
          "fixable", fixable, "fixed", false);
      if (fix && fixable) {
        if (repaired >= MAX_REPAIRED_FILES) {
          item.put("reason", "repair_limit_exceeded");
          fixTruncated = true;
        } else {
          repair(id, tree, file.uri(), result.content(), reindexRoots);
          item.put("fixed", true);
          repaired++;
        }
      }
      matches.add(item);
    }
    List<Object> reindex = new ArrayList<>();
    for (String skillRoot : reindexRoots) {
      TaskBoard.Task task = tasks.submit("reindex", id.key(), skillRoot, t -> {
        indexing.reindex(id, tree, skillRoot, List.of(skillRoot + "/SKILL.md"));
        return null;
      });
      reindex.add(PrivacyChecks.details("task_id", task.id(), "status", "accepted", "uri", skillRoot,
          "object_type", "skill", "mode", "semantic_and_vectors"));
    }
    Map<String, Object> out = PrivacyChecks.details("uri", root, "enumerated_files", files.size(),
        "scanned_files", scannedFiles, "scanned_bytes", scannedBytes, "matched_files", matches.size(),
        "repaired_files", repaired, "dry_run", !fix, "truncated", truncated, "fix_truncated", fixTruncated);
    out.put("stop_reason", stopReason);
    out.put("skipped_files", skipped);
    out.put("limits", PrivacyChecks.details("max_nodes", MAX_NODES, "max_file_bytes", MAX_FILE_BYTES,
        "max_total_bytes", MAX_TOTAL_BYTES, "max_replacements_per_file", MAX_REPLACEMENTS_PER_FILE,
        "max_reference_details_per_file", MAX_REFERENCE_DETAILS, "max_repaired_files", MAX_REPAIRED_FILES,
        "max_duration_seconds", MAX_DURATION_SECONDS, "files_per_second", FILES_PER_SECOND,
        "max_concurrent_scans_per_process", 1));
    out.put("matches", matches);
    out.put("reindex", reindex);
    return out;
  }

  /**
   * 0.5.2's tree of the root with hidden files shown, at most {@code limit} nodes: each directory's
   * summary sidecars, then its entries, in name order, depth first.
   */
  private static void walk(VikingTree tree, String dir, int limit, List<Entry> out) {
    List<Entry> children = new ArrayList<>();
    SIDECARS.forEach(name -> children.add(new Entry(dir + "/" + name, false, "")));
    for (VikingTree.LsEntry e : tree.ls(dir)) {
      VikingTree.Node node = tree.find(e.uri());
      children.add(new Entry(e.uri(), e.isDir(), node.dir() ? null : node.content()));
    }
    children.sort((a, b) -> VikingUri.name(a.uri()).compareTo(VikingUri.name(b.uri())));
    for (Entry child : children) {
      if (out.size() >= limit) {
        return;
      }
      out.add(child);
      if (child.dir()) {
        walk(tree, child.uri(), limit, out);
      }
    }
  }

  /** A fixed file: a skill's is rewritten and its skill re-indexed once; any other is written as content write does. */
  private void repair(Identity id, VikingTree tree, String uri, String content, TreeSet<String> reindexRoots) {
    tree.writeFile(uri, content);
    int skills = uri.indexOf("/skills/");
    if (uri.startsWith("viking://user/") && skills > 0) {
      String rest = uri.substring(skills + "/skills/".length());
      String name = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
      if (!name.isEmpty()) {
        reindexRoots.add(uri.substring(0, skills) + "/skills/" + name);
        return;
      }
    }
    tasks.submit("content_write", id.key(), uri, t -> {
      indexing.reindex(id, tree, uri, List.of(uri));
      return null;
    });
  }

  private static double seconds(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1e9;
  }
}
