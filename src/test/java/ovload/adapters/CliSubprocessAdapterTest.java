package ovload.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The subprocess adapter against a scripted stand-in for {@code ov}: the spec's result rules. */
class CliSubprocessAdapterTest {
  @TempDir Path dir;
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    readers.shutdownNow();
  }

  /** An {@code ov} that logs its arguments and config variable, then behaves as {@code body} says. */
  private CliSubprocessAdapter fakeOv(String body, double timeoutSeconds) throws Exception {
    Path ov = dir.resolve("ov");
    Files.writeString(ov, "#!/bin/sh\n"
        + "echo \"$OPENVIKING_CLI_CONFIG_FILE|$HOME|$*\" >> " + dir.resolve("calls.log") + "\n" + body + "\n");
    ov.toFile().setExecutable(true);
    return new CliSubprocessAdapter(ov.toString(), dir.resolve("ovcli.conf"), dir.resolve("home"), timeoutSeconds, readers);
  }

  @Test
  void successUnwrapsTheResultAndKeepsTheCommand() throws Exception {
    AdapterResult r = fakeOv("echo '{\"ok\":true,\"result\":{\"task_id\":\"t-1\"}}'", 10)
        .commitSession("bench-load-1-cli-subprocess-0000");
    assertTrue(r.success());
    assertEquals(0, r.statusCode());
    assertEquals("t-1", r.result().get("task_id").asText());
    assertTrue(r.command().endsWith("ov --output json --compact session commit bench-load-1-cli-subprocess-0000"), r.command());
    String call = Files.readString(dir.resolve("calls.log")).strip();
    assertEquals(dir.resolve("ovcli.conf") + "|" + dir.resolve("home") + "|--output json --compact session commit bench-load-1-cli-subprocess-0000", call);
  }

  @Test
  void noProgressGoesOnlyBeforeAddResource() throws Exception {
    CliSubprocessAdapter ov = fakeOv("echo '{\"ok\":true,\"result\":{}}'", 10);
    ov.health();
    ov.addResource(Path.of("/tmp/r.md"), "viking://resources/b/r.md", "why");
    List<String> calls = Files.readAllLines(dir.resolve("calls.log"));
    assertFalse(calls.get(0).contains("--no-progress"), calls.get(0));
    assertTrue(calls.get(1).endsWith("--output json --compact --no-progress add-resource /tmp/r.md --to viking://resources/b/r.md --reason why"), calls.get(1));
  }

  @Test
  void nonZeroExitIsCliExitErrorWithTheExitCode() throws Exception {
    AdapterResult r = fakeOv("echo '{\"ok\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such task\"}}' >&2; exit 1", 10)
        .getTask("nope");
    assertFalse(r.success());
    assertEquals(1, r.statusCode());
    assertEquals("CliExitError", r.exceptionType());
    assertEquals("NOT_FOUND: no such task", r.errorMessage());
  }

  @Test
  void okFalseWithExitZeroIsCliApiError() throws Exception {
    AdapterResult r = fakeOv("echo '{\"ok\":false,\"error\":{\"code\":\"CONFLICT\",\"message\":\"busy\"}}'", 10).find("q", "viking://resources/x", 3);
    assertFalse(r.success());
    assertEquals("CliApiError", r.exceptionType());
    assertEquals(0, r.statusCode());
  }

  @Test
  void plainOutputIsASuccessWithTheText() throws Exception {
    AdapterResult r = fakeOv("echo healthy", 10).health();
    assertTrue(r.success());
    assertEquals("healthy", r.result().asText());
  }

  @Test
  void aHangingProcessIsKilledAtTheTimeout() throws Exception {
    long start = System.nanoTime();
    AdapterResult r = fakeOv("sleep 30", 0.5).observerQueue();
    double seconds = (System.nanoTime() - start) / 1e9;
    assertFalse(r.success());
    assertEquals("TimeoutError", r.exceptionType());
    assertNull(r.statusCode());
    assertTrue(seconds < 10, "killed, not waited for: " + seconds);
  }

  @Test
  void aMissingExecutableIsAFailureNotAnException() {
    AdapterResult r = new CliSubprocessAdapter(dir.resolve("missing").toString(), dir.resolve("c"), dir, 5, readers).health();
    assertFalse(r.success());
    assertEquals("OSError", r.exceptionType());
  }

  @Test
  void configFileIsOwnerOnly() throws Exception {
    Path conf = CliConfigFile.write(dir.resolve("rt/ovcli.conf"), "http://127.0.0.1:1", "k", "a", "u", 60);
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(conf)));
    assertTrue(Files.readString(conf).contains("\"url\" : \"http://127.0.0.1:1\""));
  }
  @Test
  void theRealCliCommandEchoLineBeforeTheJsonIsSkipped() throws Exception {
    // ov 0.5.2 prints "cmd: ov find ..." on stdout before the JSON of find/search/grep/glob
    AdapterResult r = fakeOv("echo 'cmd: ov find --uri=viking://resources/b -n 3 \"q\"'; "
        + "echo '{\"ok\":true,\"result\":{\"memories\":[],\"resources\":[{\"uri\":\"viking://resources/b/x.md\"}],\"total\":1}}'", 10)
        .find("q", "viking://resources/b", 3);
    assertTrue(r.success());
    assertEquals(1, r.result().get("total").asInt(), String.valueOf(r.result()));
  }

  @Test
  void waitSendsNoTimeoutOptionTheRealCliRejectsIt() throws Exception {
    CliSubprocessAdapter ov = fakeOv("echo '{\"ok\":true,\"result\":{}}'", 10);
    assertTrue(ov.waitProcessed(30).success());
    String call = Files.readString(dir.resolve("calls.log")).strip();
    assertTrue(call.endsWith("|--output json --compact wait"), call);
  }
}
