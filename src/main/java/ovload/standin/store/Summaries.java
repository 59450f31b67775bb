package ovload.standin.store;

import java.util.List;

/**
 * The summaries OpenViking 0.5.2 has its model write (a file's abstract, a directory's abstract
 * and overview), made here from the text itself, deterministically: the same shapes and a size of
 * the same order, without a model. A directory's summaries are indexed as its {@code .abstract.md}
 * (level 0) and {@code .overview.md} (level 1), as the real server indexes them.
 */
public final class Summaries {
  public static final String ABSTRACT = ".abstract.md";
  public static final String OVERVIEW = ".overview.md";
  /** About the length of the real model's one-paragraph abstracts. */
  private static final int ABSTRACT_CHARS = 200;
  /** The files a directory's summaries draw on: enough to name what it holds, bounded per add. */
  public static final int FILES_PER_DIRECTORY = 8;

  private Summaries() {}

  /** A file's abstract: its title (first heading, else its name), then its first paragraph. */
  public static String fileAbstract(String uri, String content) {
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
    return cut(title + ": " + first);
  }

  /** A directory's abstract: its name and the abstracts of (some of) the files below it. */
  public static String directoryAbstract(String dirUri, List<String> fileAbstracts) {
    return cut(VikingUri.name(dirUri) + ": " + String.join(" ", fileAbstracts));
  }

  /** A directory's overview: a heading, then one line per file below it with its abstract. */
  public static String directoryOverview(String dirUri, List<String> fileUris, List<String> fileAbstracts) {
    StringBuilder overview = new StringBuilder("# ").append(VikingUri.name(dirUri)).append("\n\n");
    for (int i = 0; i < fileUris.size(); i++) {
      overview.append("- ").append(VikingUri.name(fileUris.get(i))).append(": ").append(fileAbstracts.get(i))
          .append('\n');
    }
    return overview.toString();
  }

  private static String cut(String text) {
    return text.length() <= ABSTRACT_CHARS ? text : text.substring(0, ABSTRACT_CHARS);
  }
}
