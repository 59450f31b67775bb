package ovload.ovcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.FakeServer;

/** {@code bin/ov} as a real subprocess, the way the cli-subprocess adapter runs it. */
class OvLauncherTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path OV = Path.of("bin/ov").toAbsolutePath();

  record Result(int exit, String out, String err) {}

  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(env);
    Process process = builder.start();
    // Both streams are small; read stderr after stdout without risk of a full pipe.
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "bin/ov did not finish");
    return new Result(process.exitValue(), out, err);
  }

  @Test
  void runsAgainstAServerWithTheBenchmarkOptions(@TempDir Path dir) throws Exception {
    try (FakeServer server = new FakeServer()) {
      Path config = dir.resolve("ovcli.conf");
      Files.writeString(config, "{\"url\":\"" + server.url() + "\",\"api_key\":\"k\"}");
      Map<String, String> env = Map.of(CliConfig.ENV_CONFIG_FILE, config.toString());
      // Twice: the first run may write the AppCDS archive, the second uses it.
      for (int i = 0; i < 2; i++) {
        server.reply(200, "{\"status\":\"ok\",\"healthy\":true}");
        Result ok = run(List.of(OV.toString(), "--output", "json", "--compact", "health"), env);
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("", ok.err());
        assertEquals(JSON.readTree("{\"ok\":true,\"result\":{\"status\":\"ok\",\"healthy\":true}}"),
            JSON.readTree(ok.out()));
      }
      server.reply(404, "{\"status\":\"error\",\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"gone\"}}");
      Result failed = run(List.of(OV.toString(), "--output", "json", "--compact", "task", "status", "t-1"), env);
      assertEquals(1, failed.exit());
      assertEquals("", failed.out());
      assertEquals(JSON.readTree("{\"ok\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"gone\"}}"),
          JSON.readTree(failed.err()));
      Result usage = run(List.of(OV.toString(), "--no-progress", "health"), env);
      assertEquals(2, usage.exit());
      assertEquals(3, server.received().size(), "the usage error made no request");
    }
  }

  @Test
  void saysHowToBuildWhenTheProjectIsNotBuilt(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path copy = Files.copy(OV, bin.resolve("ov"));
    Path link = Files.createSymbolicLink(dir.resolve("ov-link"), copy);
    Result r = run(List.of(link.toString(), "health"), Map.of());
    assertEquals(2, r.exit());
    assertEquals("ov: the project is not built: run 'mvn -q compile' in " + dir.toRealPath() + "\n", r.err());
  }
}
