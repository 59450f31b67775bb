package ovload.standin.api;

import java.util.List;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.Summaries;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * The semantic stage of OpenViking 0.5.2 as the stand-in does it: after a resource is processed or
 * removed, the directory and each directory above it (below the scope's root) get their abstract
 * (level 0) and overview (level 1) indexed again, so find and search list folder-level entries too.
 */
final class SummaryRefresh {
  private final SearchIndex index;

  SummaryRefresh(SearchIndex index) {
    this.index = index;
  }

  /** Summarises {@code dirUri} and the directories above it; returns how many were summarised. */
  int refresh(String tenant, VikingTree tree, String dirUri) {
    int summarised = 0;
    for (String dir = dirUri; dir != null && VikingUri.parent(dir) != null; dir = VikingUri.parent(dir)) {
      List<VikingTree.Node> files = tree.firstFilesUnder(dir, Summaries.FILES_PER_DIRECTORY);
      if (files.isEmpty()) { // nothing left to summarise: the directory's entries go
        index.removeUnder(tenant, dir + "/" + Summaries.ABSTRACT);
        index.removeUnder(tenant, dir + "/" + Summaries.OVERVIEW);
        continue;
      }
      String text = Summaries.searchText(dir, files);
      index.add(tenant, "resource", dir + "/" + Summaries.ABSTRACT, 0, 0, text, Summaries.directoryAbstract(dir));
      index.add(tenant, "resource", dir + "/" + Summaries.OVERVIEW, 1, 0, text, Summaries.directoryOverview(dir));
      summarised++;
    }
    return summarised;
  }
}
