package ovload.standin.api;

import java.util.List;
import ovload.standin.http.Identity;
import ovload.standin.store.Chunker;
import ovload.standin.store.SearchIndex;
import ovload.standin.store.Summaries;
import ovload.standin.store.VikingTree;

/** Re-indexes files whose text changed or moved (write, mv, cp): their chunks embedded again, as add_resource does. */
public final class Indexing {
  private final SearchIndex index;
  private final ModelProvider model;

  Indexing(SearchIndex index, ModelProvider model) {
    this.index = index;
    this.model = model;
  }

  /** Every file at or below {@code uri} indexed afresh; returns how many chunks were embedded. */
  public int reindex(Identity id, VikingTree tree, String uri, List<String> files) throws InterruptedException {
    index.removeUnder(id.key(), uri);
    int chunks = 0;
    for (String file : files) {
      VikingTree.Node node = tree.find(file);
      if (node == null || node.dir()) {
        continue;
      }
      List<String> parts = Chunker.chunks(node.content());
      String summary = Summaries.fileAbstract(file);
      for (int i = 0; i < parts.size(); i++) {
        model.embedChunk();
        index.add(id.key(), "resource", file, 2, i, parts.get(i), summary);
        chunks++;
      }
    }
    return chunks;
  }

  public void forget(Identity id, String uri) {
    index.removeUnder(id.key(), uri);
  }
}
