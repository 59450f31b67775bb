package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The documented token rule, and stream pieces that add back up to the text. */
class TokensTest {
  @Test
  void wordsPunctuationAndHanCharactersAreTokens() {
    assertEquals(0, Tokens.count("  "));
    assertEquals(5, Tokens.count("Hello, world_2 !?"), "Hello , world_2 ! ?");
    assertEquals(4, Tokens.count("上下文 db"), "三 Han characters and one word");
    assertEquals(List.of("hello", "world_2"), Tokens.words("Hello, world_2 !?"));
  }

  @Test
  void piecesConcatenateToTheTextOnePerToken() {
    for (String text : new String[] {"{\"memories\": []}", "  lead and trail  ", "a", "   ", ""}) {
      List<String> pieces = Tokens.pieces(text);
      assertEquals(text, String.join("", pieces));
      if (Tokens.count(text) > 0) {
        assertEquals(Tokens.count(text), pieces.size(), text);
      }
    }
  }
}
