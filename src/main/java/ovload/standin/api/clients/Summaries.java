package ovload.standin.api.clients;

import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * The texts OpenViking 0.5.2 has its model write for a node, its abstract (level 0) and its
 * overview (level 1), as deterministic text in the words the suite's mock model provider answers
 * the real server (ovload.mockmodel.Prompts; the stand-in depends on no model package): a file's
 * summary, a directory's overview whose first paragraph is its abstract.
 */
public final class Summaries {
  private Summaries() {}

  /** One line: a file's summary, a directory's overview paragraph. */
  static String abstractOf(VikingTree tree, String uri) {
    VikingTree.Node node = tree.find(uri);
    String name = VikingUri.name(uri);
    if (node != null && !node.dir()) {
      return "Mock summary of " + name + ": a document of the OpenViking load test, summarised by the mock model provider.";
    }
    return "Mock overview of " + name + ": the documents of this directory, summarised by the mock model provider.";
  }

  /** A heading and the abstract. */
  static String overviewOf(VikingTree tree, String uri) {
    return "# " + VikingUri.name(uri) + "\n\n" + abstractOf(tree, uri) + "\n";
  }
}
