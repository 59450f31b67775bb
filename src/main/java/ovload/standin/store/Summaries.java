package ovload.standin.store;

import java.util.List;

/**
 * A node's summaries, one rule for every route that shows them (hits, {@code content/abstract} and
 * {@code overview}, ls, skills): the texts OpenViking 0.5.2 stores when the suite's mock model
 * provider writes them (the wording of ovload.mockmodel.Prompts; the stand-in depends on no model
 * package), deterministically. A file's abstract is the model's summary of it; a directory's
 * overview is a heading and a paragraph, which is its abstract; a memory's abstract is its own
 * text, as 0.5.2's memory writer stores the body there. A directory's summaries are indexed as its
 * {@code .abstract.md} (level 0) and {@code .overview.md} (level 1), found by the words of the
 * files below it ({@link #searchText}): the stand-in's keyword index needs the words that 0.5.2's
 * nearest-neighbour search over the summaries' vectors does without.
 */
public final class Summaries {
  public static final String ABSTRACT = ".abstract.md";
  public static final String OVERVIEW = ".overview.md";
  /** The files a directory's search text draws on: enough to name what it holds, bounded per add. */
  public static final int FILES_PER_DIRECTORY = 8;
  /** About the length of one of a file's paragraphs worth finding a directory by. */
  private static final int GIST_CHARS = 200;

  private Summaries() {}

  /** A file's abstract: the model's summary of the file. */
  public static String fileAbstract(String uri) {
    return "Mock summary of " + VikingUri.name(uri)
        + ": a document of the OpenViking load test, summarised by the mock model provider.";
  }

  /** A directory's abstract: its overview's paragraph. */
  public static String directoryAbstract(String dirUri) {
    return "Mock overview of " + VikingUri.name(dirUri)
        + ": the documents of this directory, summarised by the mock model provider.";
  }

  /** A directory's overview document: a heading, then its abstract. */
  public static String directoryOverview(String dirUri) {
    return "# " + VikingUri.name(dirUri) + "\n\n" + directoryAbstract(dirUri) + "\n";
  }

  /** A memory's abstract: its text. */
  public static String memoryAbstract(String text) {
    return text.strip();
  }

  /** The abstract of the node at {@code uri} (a directory's when it is none or missing). */
  public static String abstractOf(VikingTree tree, String uri) {
    VikingTree.Node node = tree.find(uri);
    return node != null && !node.dir() ? fileAbstract(uri) : directoryAbstract(uri);
  }

  /** The overview of the node at {@code uri}: a heading and its abstract. */
  public static String overviewOf(VikingTree tree, String uri) {
    return "# " + VikingUri.name(uri) + "\n\n" + abstractOf(tree, uri) + "\n";
  }

  /**
   * What a directory's summary entries are found by: its name, and each file's title (first
   * heading, else its name) and first paragraph.
   */
  public static String searchText(String dirUri, List<VikingTree.Node> files) {
    StringBuilder text = new StringBuilder(VikingUri.name(dirUri));
    for (VikingTree.Node file : files) {
      text.append('\n').append(gist(file.uri(), file.content()));
    }
    return text.toString();
  }

  private static String gist(String uri, String content) {
    String title = null;
    String first = "";
    for (String paragraph : content.split("\n\\s*\n")) {
      String text = paragraph.strip();
      if (text.startsWith("#")) {
        title = title != null ? title : text.replaceFirst("^#+\\s*", "").lines().findFirst().orElse("");
      } else if (!text.isEmpty()) {
        first = text.replaceAll("\\s+", " ");
        break;
      }
    }
    title = title == null || title.isEmpty() ? VikingUri.name(uri) : title;
    String gist = title + ": " + first;
    return gist.length() <= GIST_CHARS ? gist : gist.substring(0, GIST_CHARS);
  }
}
