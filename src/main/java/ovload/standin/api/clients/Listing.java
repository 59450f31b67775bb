package ovload.standin.api.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import ovload.standin.http.Query;
import ovload.standin.store.Summaries;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingTree.LsEntry;
import ovload.standin.store.VikingUri;

/**
 * ls and tree as OpenViking 0.5.2 renders them, from the query the clients send: {@code output}
 * {@code agent} (the server's default and `ov`'s: uri, size, isDir, modTime, abstract) or
 * {@code original} (the Python clients': uri, size, isDir, modTime, mode, name), {@code simple}
 * (URIs only), {@code recursive} or a tree's {@code level_limit} (entries add {@code rel_path}),
 * {@code directories_only}, {@code sort_by}/{@code sort_order}, then {@code offset}, {@code limit}
 * and {@code node_limit}.
 */
public final class Listing {
  /** One listed node; the keys a mode does not show are left out. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(String uri, int size, @JsonProperty("isDir") boolean isDir, String modTime, Integer mode, String name,
      @JsonProperty("abstract") String summary, @JsonProperty("rel_path") String relPath) {}

  private static final int FILE_MODE = 420;
  private static final int DIR_MODE = 493;

  private Listing() {}

  /** A directory's entries: one level, or every level below when {@code recursive}. */
  public static List<Object> ls(VikingTree tree, String uri, Query query) {
    boolean recursive = query.flag("recursive");
    return render(tree, uri, query, recursive ? Integer.MAX_VALUE : 1, recursive, 0);
  }

  /** A tree: every level down to {@code level_limit} (3 by default), each with its path below the root. */
  static List<Object> tree(VikingTree tree, String uri, Query query) {
    return render(tree, uri, query, query.positive("level_limit", 3), true, 1000);
  }

  private static List<Object> render(VikingTree tree, String uri, Query query, int depth, boolean relative, int defaultLimit) {
    List<LsEntry> found = new ArrayList<>();
    walk(tree, uri, depth, found);
    if (query.flag("directories_only")) {
      found.removeIf(e -> !e.isDir());
    }
    Comparator<LsEntry> order = "mtime".equals(query.get("sort_by"))
        ? Comparator.comparing(LsEntry::modTime) : Comparator.comparing(LsEntry::uri);
    found.sort("desc".equals(query.get("sort_order")) ? order.reversed() : order);
    int offset = Math.max(0, query.get("offset") == null ? 0 : Integer.parseInt(query.get("offset")));
    int limit = Math.min(query.positive("limit", Integer.MAX_VALUE), query.positive("node_limit",
        defaultLimit > 0 ? defaultLimit : Integer.MAX_VALUE));
    int from = Math.min(offset, found.size());
    List<LsEntry> page = found.subList(from, (int) Math.min(found.size(), (long) from + limit));
    boolean simple = query.flag("simple");
    boolean original = "original".equals(query.get("output"));
    List<Object> out = new ArrayList<>();
    for (LsEntry e : page) {
      String rel = relative ? e.uri().substring(uri.length() + 1) : null;
      if (simple) {
        out.add(e.uri());
      } else if (original) {
        out.add(new Entry(e.uri(), e.size(), e.isDir(), e.modTime(), e.isDir() ? DIR_MODE : FILE_MODE,
            VikingUri.name(e.uri()), null, rel));
      } else {
        out.add(new Entry(e.uri(), e.size(), e.isDir(), e.modTime(), null, null,
            e.isDir() ? Summaries.abstractOf(tree, e.uri()) : "", rel));
      }
    }
    return out;
  }

  private static void walk(VikingTree tree, String uri, int depth, List<LsEntry> out) {
    for (LsEntry e : tree.ls(uri)) {
      out.add(e);
      if (e.isDir() && depth > 1) {
        walk(tree, e.uri(), depth - 1, out);
      }
    }
  }
}
