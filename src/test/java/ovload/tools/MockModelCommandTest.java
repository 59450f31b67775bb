package ovload.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.mockmodel.MockModelConfig;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The mock model's command line: every option lands in its field, every mistake names its fix. */
class MockModelCommandTest {
  @Test
  void optionsOverrideDefaults() {
    MockModelConfig c = MockModelCommand.parse("--port", "0", "--latency-ms", "5", "--token-latency-ms", "2",
        "--jitter", "0.1", "--error-rate", "0.2", "--error-status", "500", "--concurrency", "3", "--dimension", "8",
        "--seed", "9", "--reply", "hi", "--chat-model", "c", "--embedding-model", "e");
    assertEquals(new MockModelConfig(0, 5, 2, 0.1, 0.2, 500, 3, 8, 9, "hi", "c", "e"), c);
    MockModelConfig d = MockModelCommand.parse();
    assertEquals(MockModelConfig.defaults(), d);
    assertEquals(1024, d.dimension());
    assertEquals(MockModelConfig.DEFAULT_REPLY, d.reply());
  }

  @Test
  void replyFileIsRead(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("reply.json"), "{\"memories\":[{\"category\":\"events\"}]}");
    assertEquals(Files.readString(file), MockModelCommand.parse("--reply-file", file.toString()).reply());
  }

  @Test
  void badOptionsNameTheFix() {
    UnmatchedArgumentException unknown = assertThrows(UnmatchedArgumentException.class,
        () -> MockModelCommand.parse("--latency", "5"));
    assertTrue(unknown.getMessage().startsWith("Unknown options: '--latency'"), unknown.getMessage());
    assertTrue(unknown.getSuggestions().contains("--latency-ms"), "the fix: " + unknown.getSuggestions());
    assertMessage("--error-status must be 429 or 500, got 404", "--error-status", "404");
    assertMessage("Invalid value for option '--jitter': 'lots' is not a double", "--jitter", "lots");
    assertMessage("--error-rate must lie in [0, 1], got 1.5", "--error-rate", "1.5");
    assertMessage("Missing required parameter for option '--concurrency'", "--concurrency");
    assertMessage("--reply-file cannot read", "--reply-file", "/nonexistent/reply.txt");
    assertMessage("Unmatched argument at index 1: 'serve'", "serve");
  }

  private static void assertMessage(String expected, String... args) {
    ParameterException e = assertThrows(ParameterException.class, () -> MockModelCommand.parse(args));
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
