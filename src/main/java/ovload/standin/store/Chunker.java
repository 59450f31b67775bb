package ovload.standin.store;

import java.util.ArrayList;
import java.util.List;

/** Splits a Markdown resource into chunks of whole paragraphs, about 500 characters each. */
public final class Chunker {
  static final int TARGET = 500;

  private Chunker() {}

  public static List<String> chunks(String text) {
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String paragraph : text.split("\\n\\s*\\n")) {
      String p = paragraph.strip();
      if (p.isEmpty()) {
        continue;
      }
      if (current.length() > 0 && current.length() + p.length() > TARGET) {
        chunks.add(current.toString());
        current.setLength(0);
      }
      current.append(current.length() > 0 ? "\n\n" : "").append(p);
    }
    if (current.length() > 0 || chunks.isEmpty()) {
      chunks.add(current.toString());
    }
    return chunks;
  }
}
