package ovload.standin.api;

import java.util.ArrayList;
import java.util.List;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingTree.LsEntry;
import ovload.standin.store.VikingUri;

/**
 * The texts OpenViking 0.5.2 has its model write for a directory or a file, its abstract (level
 * 0) and its overview (level 1), as deterministic text drawn from what the tree holds: the same
 * shapes, no model.
 */
final class Summaries {
  private Summaries() {}

  /** One line: what the directory holds, or a file's first heading or line. */
  static String abstractOf(VikingTree tree, String uri) {
    VikingTree.Node node = tree.find(uri);
    if (node != null && !node.dir()) {
      return "Abstract of " + VikingUri.name(uri) + ": " + firstLine(node.content());
    }
    List<String> names = new ArrayList<>();
    for (LsEntry e : tree.ls(uri)) {
      names.add(VikingUri.name(e.uri()));
    }
    return "Abstract of " + VikingUri.name(uri) + ": " + (names.isEmpty() ? "an empty directory." : String.join(", ", names) + ".");
  }

  /** A heading, the abstract, and one line per entry. */
  static String overviewOf(VikingTree tree, String uri) {
    VikingTree.Node node = tree.find(uri);
    StringBuilder text = new StringBuilder("# ").append(VikingUri.name(uri)).append("\n\n").append(abstractOf(tree, uri)).append('\n');
    if (node != null && node.dir()) {
      text.append('\n');
      for (LsEntry e : tree.ls(uri)) {
        VikingTree.Node child = tree.find(e.uri());
        text.append("- ").append(VikingUri.name(e.uri())).append(": ")
            .append(child == null || child.dir() ? "directory" : firstLine(child.content())).append('\n');
      }
    }
    return text.toString();
  }

  private static String firstLine(String content) {
    for (String line : content.split("\n")) {
      if (!line.isBlank()) {
        return line.replaceFirst("^#+\\s*", "").strip();
      }
    }
    return "(empty)";
  }
}
