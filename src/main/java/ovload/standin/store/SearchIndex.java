package ovload.standin.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

/**
 * The stand-in's retrieval index: Lucene with BM25 over processed resource chunks and extracted
 * memories, per identity. Writers index as background tasks finish; readers see them after the
 * near-real-time refresh that each write triggers.
 */
public final class SearchIndex implements AutoCloseable {
  /** One found URI as find and search list it: its level, its best chunk's score, its abstract. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Hit(String contextType, String uri, int level, float score, @JsonProperty("abstract") String summary,
      List<String> tags, @JsonInclude(JsonInclude.Include.NON_NULL) String content) {
    /** The hit with the retrieval tags of its node (for a directory's summaries, the directory's). */
    public Hit tagged(Tenant tenant) {
      List<String> own = tenant.tags(level < 2 ? VikingUri.parent(uri) : uri);
      return own.isEmpty() ? this : new Hit(contextType, uri, level, score, summary, own, content);
    }

    /**
     * The hit with what reading its URI gives ({@code read_content}): a file's text, a directory's
     * summary file its summary; unchanged when there is nothing to read, as 0.5.2 leaves such a hit.
     */
    public Hit withContent(VikingTree tree) {
      if (level < 2) {
        return new Hit(contextType, uri, level, score, summary, tags, summary);
      }
      VikingTree.Node node = tree.find(uri);
      return node == null || node.dir() ? this : new Hit(contextType, uri, level, score, summary, tags, node.content());
    }
  }

  private final Analyzer analyzer = new EnglishAnalyzer();
  private final IndexWriter writer;
  private final SearcherManager searchers;

  public SearchIndex() {
    try {
      IndexWriterConfig config = new IndexWriterConfig(analyzer).setSimilarity(new BM25Similarity());
      writer = new IndexWriter(new ByteBuffersDirectory(), config);
      searchers = new SearcherManager(writer, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Indexes one chunk of a resource, one memory or one of a directory's summaries. {@code level}
   * is OpenViking's: 0 a directory's abstract, 1 its overview, 2 a file; {@code summary} is what a
   * hit shows as its {@code abstract}.
   */
  public void add(String tenant, String contextType, String uri, int level, int chunk, String text, String summary) {
    Document doc = new Document();
    doc.add(new StringField("tenant", tenant, Field.Store.NO));
    doc.add(new StringField("uri", uri, Field.Store.YES));
    // every path at or above the URI, so that a scope is one term whatever the URI's length
    // (a prefix query builds an automaton that a long URI makes too large)
    for (String at = uri; at != null; at = VikingUri.parent(at)) {
      doc.add(new StringField("under", at, Field.Store.NO));
    }
    doc.add(new StringField("id", tenant + "|" + uri + "#" + chunk, Field.Store.NO));
    doc.add(new StoredField("context_type", contextType));
    doc.add(new StoredField("level", level));
    doc.add(new StoredField("abstract", summary));
    doc.add(new TextField("text", text, Field.Store.NO));
    try {
      writer.updateDocument(new Term("id", tenant + "|" + uri + "#" + chunk), doc);
      searchers.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Removes everything indexed at or below {@code uri}. */
  public void removeUnder(String tenant, String uri) {
    BooleanQuery query = new BooleanQuery.Builder()
        .add(new TermQuery(new Term("tenant", tenant)), BooleanClause.Occur.FILTER)
        .add(new TermQuery(new Term("under", uri)), BooleanClause.Occur.FILTER)
        .build();
    try {
      writer.deleteDocuments(query);
      searchers.maybeRefresh();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Best hits for {@code query} (plus lower-weighted {@code contextTerms}, e.g. the session's
   * recent words) within {@code targetUri}; one hit per URI, its best chunk's score, none below
   * {@code minScore}.
   */
  public List<Hit> search(String tenant, String targetUri, String query, List<String> contextTerms, int limit,
      double minScore) {
    BooleanQuery.Builder terms = new BooleanQuery.Builder();
    List<String> queryTerms = analyze(query);
    queryTerms.forEach(t -> terms.add(new TermQuery(new Term("text", t)), BooleanClause.Occur.SHOULD));
    analyzeAll(contextTerms).stream().filter(t -> !queryTerms.contains(t)).limit(32).forEach(t ->
        terms.add(new BoostQuery(new TermQuery(new Term("text", t)), 0.3f), BooleanClause.Occur.SHOULD));
    BooleanQuery.Builder full = new BooleanQuery.Builder()
        .add(terms.build(), BooleanClause.Occur.MUST)
        .add(new TermQuery(new Term("tenant", tenant)), BooleanClause.Occur.FILTER);
    if (targetUri != null && !targetUri.equals("viking://")) {
      full.add(new TermQuery(new Term("under", targetUri)), BooleanClause.Occur.FILTER);
    }
    if (queryTerms.isEmpty() && contextTerms.isEmpty()) {
      return List.of();
    }
    try {
      IndexSearcher searcher = searchers.acquire();
      try {
        searcher.setSimilarity(new BM25Similarity());
        Map<String, Hit> byUri = new LinkedHashMap<>();
        for (ScoreDoc hit : searcher.search(full.build(), limit * 4).scoreDocs) {
          Document doc = searcher.storedFields().document(hit.doc);
          String uri = doc.get("uri");
          if (byUri.containsKey(uri)) {
            continue;
          }
          float score = similarity(hit.score);
          if (score < (float) minScore) { // as a float: a threshold read back from a listed score keeps that hit
            break; // the hits come best first: none after this one passes either
          }
          byUri.put(uri, new Hit(doc.get("context_type"), uri, doc.getField("level").numericValue().intValue(),
              score, doc.get("abstract"), List.of(), null));
          if (byUri.size() >= limit) {
            break;
          }
        }
        return new ArrayList<>(byUri.values());
      } finally {
        searchers.release(searcher);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * BM25's unbounded score mapped into [0, 1), where 0.5.2's vector similarities lie, keeping the
   * order: a {@code score_threshold} then means what it means there.
   */
  private static float similarity(float bm25) {
    return bm25 / (1 + bm25);
  }

  private List<String> analyzeAll(List<String> texts) {
    List<String> out = new ArrayList<>();
    texts.forEach(t -> analyze(t).stream().filter(term -> !out.contains(term)).forEach(out::add));
    return out;
  }

  private List<String> analyze(String text) {
    List<String> terms = new ArrayList<>();
    try (TokenStream stream = analyzer.tokenStream("text", text)) {
      CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
      stream.reset();
      while (stream.incrementToken()) {
        String value = term.toString();
        if (!terms.contains(value)) {
          terms.add(value);
        }
      }
      stream.end();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return terms;
  }

  @Override
  public void close() {
    try {
      searchers.close();
      writer.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
