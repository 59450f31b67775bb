package ovload.gatling.feeders;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Generates the benchmark's Markdown resources from the user-editable template
 * ({@code user-files/templates/resource.md}): {@code resource-0000.md}... for the add_resources
 * phase and a new {@code mixed-<n>.md} for each add_resource of the mixed phase. The same seed gives
 * the same documents.
 */
public final class MarkdownFeeder {
  private static final String[] FILLER_WORDS = {
    "benchmark", "retrieval", "latency", "session", "commit", "memory", "extraction", "resource",
    "ingestion", "queue", "concurrent", "OpenViking", "server", "load", "test", "document"
  };

  private final Template template;
  private final String runId;
  private final long seed;
  private final String dataRootUri;
  private final Path localDataDir;
  private final Map<String, AtomicInteger> mixedCounters = new ConcurrentHashMap<>();

  public MarkdownFeeder(Template template, String runId, long seed, String dataRootUri, Path localDataDir) {
    this.template = template;
    this.runId = runId;
    this.seed = seed;
    this.dataRootUri = dataRootUri;
    this.localDataDir = localDataDir;
  }

  /** The add_resources phase's documents for one adapter (not yet written to disk). */
  public List<Document> seedDocuments(String adapter, int count) {
    List<Document> docs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      docs.add(document(adapter, i, String.format("resource-%04d.md", i), localDataDir.resolve("seed").resolve(adapter)));
    }
    return docs;
  }

  /** A new document for the mixed phase: each call gives the next index. */
  public Document nextMixedDocument(String adapter) {
    int index = mixedCounters.computeIfAbsent(adapter, a -> new AtomicInteger()).getAndIncrement();
    return document(adapter, index, "mixed-" + index + ".md", localDataDir.resolve("mixed").resolve(adapter));
  }

  private Document document(String adapter, int index, String fileName, Path dir) {
    String content = template.render(Map.of(
        "index", Integer.toString(index),
        "adapter", adapter,
        "run_id", runId,
        "filler", filler(adapter, fileName)));
    return new Document(fileName, dataRootUri + "/" + adapter + "/" + fileName, dir.resolve(fileName), content);
  }

  private String filler(String adapter, String fileName) {
    Random random = new Random(seed * 1_000_003L + (adapter + "/" + fileName).hashCode());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 24; i++) {
      text.append(i == 0 ? "" : " ").append(FILLER_WORDS[random.nextInt(FILLER_WORDS.length)]);
    }
    return text.append('.').toString();
  }
}
