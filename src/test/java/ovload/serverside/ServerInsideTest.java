package ovload.serverside;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInsideTest {
  @Test
  void pySpyIsFoundOnThePathOrNotAtAll(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("venv/bin"));
    assertNull(ServerInside.findPySpy(bin.toString(), null));
    Path pySpy = Files.createFile(bin.resolve("py-spy"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals(pySpy.toString(), ServerInside.findPySpy(dir + ":" + bin, null));
  }
}
