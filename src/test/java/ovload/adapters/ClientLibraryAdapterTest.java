package ovload.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.ClientSettings;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/** The cli-http adapter's results carry the server's own time of the call's replies, and its telemetry when asked. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientLibraryAdapterTest {
  private StandInServer server;
  private ClientLibraryAdapter withTelemetry;
  private ClientLibraryAdapter without;

  @BeforeAll
  void start() {
    server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.REALISTIC));
    ClientSettings settings = new ClientSettings(server.baseUrl(), "test-root-api-key", "default", "default",
        Duration.ofSeconds(30), Map.of());
    withTelemetry = new ClientLibraryAdapter(settings, true);
    without = new ClientLibraryAdapter(settings, false);
  }

  @AfterAll
  void stop() {
    withTelemetry.close();
    without.close();
    server.close();
  }

  @Test
  void findCarriesServerTimeAndStagesOnlyWhenAsked() {
    AdapterResult asked = withTelemetry.find("latency", "viking://resources", 3);
    assertTrue(asked.success());
    assertTrue(asked.timing().serverMs() > 0);
    assertTrue(asked.timing().stagesMs().get("embed_query") >= ModelMode.REALISTIC.embedMsPerChunk * 0.5, asked.timing().toString());
    assertTrue(asked.timing().telemetryMs() <= asked.timing().serverMs());
    AdapterResult plain = without.find("latency", "viking://resources", 3);
    assertTrue(plain.timing().serverMs() > 0);
    assertNull(plain.timing().telemetryMs());
    assertNull(plain.timing().stagesMs());
  }

  @Test
  void addResourceAddsBothRepliesAndAFailureKeepsItsServerTime(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("doc.md"), "# Doc\n\nsome words");
    AdapterResult added = withTelemetry.addResource(file, "viking://resources/bench/cli-http-test", "test");
    assertTrue(added.success(), String.valueOf(added.errorMessage()));
    assertNotNull(added.timing().serverMs());
    assertNull(added.timing().telemetryMs(), "add_resource does not ask for telemetry");
    AdapterResult failed = withTelemetry.commitSession("no-such-session");
    assertFalse(failed.success());
    assertEquals(404, failed.statusCode());
    assertTrue(failed.timing().serverMs() > 0, "an error reply has a server time too");
  }
}
