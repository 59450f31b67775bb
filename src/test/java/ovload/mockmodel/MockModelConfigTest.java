package ovload.mockmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: every option lands in its field, every mistake names its fix. */
class MockModelConfigTest {
  @Test
  void optionsOverrideDefaults() {
    MockModelConfig c = MockModelConfig.parse(new String[] {"--port", "0", "--latency-ms", "5", "--token-latency-ms", "2",
        "--jitter", "0.1", "--error-rate", "0.2", "--error-status", "500", "--concurrency", "3", "--dimension", "8",
        "--seed", "9", "--reply", "hi", "--chat-model", "c", "--embedding-model", "e"});
    assertEquals(new MockModelConfig(0, 5, 2, 0.1, 0.2, 500, 3, 8, 9, "hi", "c", "e"), c);
    MockModelConfig d = MockModelConfig.parse(new String[0]);
    assertEquals(MockModelConfig.defaults(), d);
    assertEquals(1024, d.dimension());
    assertEquals(MockModelConfig.DEFAULT_REPLY, d.reply());
  }

  @Test
  void replyFileIsRead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("reply.json"), "{\"memories\":[{\"category\":\"events\"}]}");
    assertEquals(Files.readString(file), MockModelConfig.parse(new String[] {"--reply-file", file.toString()}).reply());
  }

  @Test
  void badOptionsNameTheFix() {
    assertMessage("unknown option --latency: see --help", "--latency", "5");
    assertMessage("--error-status must be 429 or 500, got 404", "--error-status", "404");
    assertMessage("--jitter takes a number, got 'lots'", "--jitter", "lots");
    assertMessage("--error-rate must lie in [0, 1], got 1.5", "--error-rate", "1.5");
    assertMessage("--concurrency needs a value", "--concurrency");
    assertMessage("--reply-file cannot read", "--reply-file", "/nonexistent/reply.txt");
    assertMessage("unexpected argument 'serve'", "serve");
  }

  private static void assertMessage(String expected, String... args) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MockModelConfig.parse(args));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
