package ovload.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.adapters.CliSubprocessAdapter;

/** The real-ov check passes an ov that answers as OpenViking's does and names each command that does not. */
class OvCliCheckTest {
  @TempDir Path dir;
  private final ExecutorService readers = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    readers.shutdownNow();
  }

  /** An ov answering each command (after the global options) as OpenViking's ov 0.5.2 does, but for {@code overrides}. */
  private List<String> checkWith(String overrides) throws Exception {
    Path ov = dir.resolve("ov");
    Files.writeString(ov, "#!/bin/sh\nshift 3\n" + overrides + "\ncase \"$1 $2\" in\n"
        + "  'health '*) echo '{\"ok\":true,\"result\":{\"status\":\"ok\",\"healthy\":true}}' ;;\n"
        + "  'status '*) echo '{\"ok\":true,\"result\":{\"is_healthy\":true,\"errors\":[]}}' ;;\n"
        + "  'observer queue') echo '{\"ok\":true,\"result\":{\"name\":\"queue\",\"status\":\"idle\"}}' ;;\n"
        + "  '--no-progress add-resource') echo '{\"ok\":true,\"result\":{\"root_uri\":\"viking://r\",\"task_id\":\"t-1\"}}' ;;\n"
        + "  'wait '*) echo '{\"ok\":true,\"result\":{\"Embedding\":{\"processed\":1}}}' ;;\n"
        + "  'task status') echo '{\"ok\":true,\"result\":{\"task_id\":\"t-1\",\"status\":\"completed\"}}' ;;\n"
        + "  find*|search*) echo 'cmd: ov find'; echo '{\"ok\":true,\"result\":{\"memories\":[],\"resources\":[{\"uri\":\"viking://r/x\"}],\"total\":1}}' ;;\n"
        + "  grep*|glob*) echo '{\"ok\":true,\"result\":{\"matches\":[\"viking://r/x\"],\"count\":1}}' ;;\n"
        + "  'session add-message') echo '{\"ok\":true,\"result\":{\"session_id\":\"s\",\"message_count\":1}}' ;;\n"
        + "  'session commit') echo '{\"ok\":true,\"result\":{\"status\":\"accepted\",\"task_id\":\"t-2\"}}' ;;\n"
        + "  *) echo \"unexpected $*\" >&2; exit 2 ;;\n"
        + "esac\n");
    ov.toFile().setExecutable(true);
    CliSubprocessAdapter adapter = new CliSubprocessAdapter(ov.toString(), dir.resolve("ovcli.conf"), dir, 10, readers);
    return new OvCliCheck(adapter).run(dir.resolve("fox.md"), "viking://resources/bench/x", "s");
  }

  @Test
  void anOvAnsweringAsOpenVikingsPassesEveryCommand() throws Exception {
    assertEquals(List.of(), checkWith(""));
  }

  @Test
  void aFailedCommandAndAMissingFieldAreEachNamed() throws Exception {
    List<String> failures = checkWith(
        "[ \"$1\" = grep ] && { echo '{\"ok\":false,\"error\":{\"code\":\"INVALID_ARGUMENT\",\"message\":\"body.level_limit\"}}' >&2; exit 1; }\n"
        + "[ \"$1\" = status ] && { echo '{\"ok\":true,\"result\":{\"version\":\"x\"}}'; exit 0; }");
    assertEquals(2, failures.size(), failures.toString());
    assertTrue(failures.get(0).startsWith("status: missing [is_healthy] in {\"version\":\"x\"}"), failures.get(0));
    assertTrue(failures.get(1).startsWith("grep: CliExitError (status 1): INVALID_ARGUMENT: body.level_limit [" + dir.resolve("ov")
        + " --output json --compact grep fox"), failures.get(1));
  }
}
