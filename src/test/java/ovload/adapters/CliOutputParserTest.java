package ovload.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** How a finished {@code ov} process is classified: an exit by Ctrl-C or SIGTERM is an interruption, any other non-zero exit a failure. */
class CliOutputParserTest {
  @Test
  void anOvThatExits130GotCtrlCAndIsInterrupted() {
    AdapterResult result = CliOutputParser.parse(130, "", "", "ov find q");
    assertFalse(result.success());
    assertEquals("Interrupted", result.exceptionType());
    assertEquals("interrupted by SIGINT", result.errorMessage());
    assertNull(result.statusCode());
    assertEquals("ov find q", result.command());
    assertEquals("interrupted by SIGTERM", CliOutputParser.parse(143, "", "", "ov find q").errorMessage());
  }

  @Test
  void anyOtherNonZeroExitIsStillAFailure() {
    for (int code : new int[] {1, 2, 137}) {
      AdapterResult result = CliOutputParser.parse(code, "", "", "ov find q");
      assertEquals("CliExitError", result.exceptionType());
      assertEquals(code, result.statusCode());
      assertEquals("ov exited with code " + code, result.errorMessage());
    }
  }
}
