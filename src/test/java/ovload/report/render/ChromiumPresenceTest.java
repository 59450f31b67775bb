package ovload.report.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A machine without Chromium: the browser test is skipped with one line saying how to install it,
 * unless the build requires the browser (.ci/run), where its absence fails the test.
 */
class ChromiumPresenceTest {
  @TempDir Path work;

  @Test
  void missingAndNotRequiredSkipsWithTheInstallLine() {
    TestAbortedException skipped = assertThrows(TestAbortedException.class,
        () -> HeadlessChromium.locate(work.toString(), false));
    assertTrue(skipped.getMessage().contains("apt-get install -y chromium"), skipped.getMessage());
    assertTrue(!skipped.getMessage().contains("\n"), "one line");
  }

  @Test
  void missingAndRequiredFails() {
    AssertionFailedError failed = assertThrows(AssertionFailedError.class,
        () -> HeadlessChromium.locate(work.toString(), true));
    assertTrue(failed.getMessage().contains(HeadlessChromium.REQUIRED_VARIABLE + "=1"), failed.getMessage());
  }

  @Test
  void presentIsFoundWhetherRequiredOrNot() throws Exception {
    Path browser = Files.createFile(work.resolve("chromium"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals(browser, HeadlessChromium.locate("/nonexistent:" + work, true));
    assertEquals(browser, HeadlessChromium.locate(work.toString(), false));
  }
}
