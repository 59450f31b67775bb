package ovload.mockmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mock's tokenizer: a token is a run of letters, digits and underscores, a single Han character,
 * or a single other non-space character (punctuation). Close enough to a real BPE count for usage
 * figures and per-token latency, with no vocabulary to ship.
 */
final class Tokens {
  private static final Pattern TOKEN = Pattern.compile("\\p{IsHan}|[\\p{L}\\p{N}_&&[^\\p{IsHan}]]+|[^\\s\\p{L}\\p{N}_]");
  private static final Pattern WORD = Pattern.compile("\\p{IsHan}|[\\p{L}\\p{N}_&&[^\\p{IsHan}]]+");

  private Tokens() {}

  static int count(String text) {
    int n = 0;
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      n++;
    }
    return n;
  }

  /**
   * The text cut into one piece per token, each with the whitespace before it (the last also with
   * what trails): the stream's content deltas, which concatenate back to the text exactly.
   */
  static List<String> pieces(String text) {
    List<String> pieces = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int from = 0;
    while (m.find()) {
      pieces.add(text.substring(from, m.end()));
      from = m.end();
    }
    if (from < text.length()) {
      if (pieces.isEmpty()) {
        pieces.add(text.substring(from));
      } else {
        pieces.set(pieces.size() - 1, pieces.get(pieces.size() - 1) + text.substring(from));
      }
    }
    return pieces;
  }

  /** The lower-cased word tokens (no punctuation): what an embedding vector is built from. */
  static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }
}
