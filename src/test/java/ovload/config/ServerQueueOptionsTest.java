package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerQueueOptionsTest {
  @TempDir Path project;

  private RunConfig parse(String... keyValues) {
    Properties p = new Properties();
    p.put("adapters", "sdk");
    for (int i = 0; i < keyValues.length; i += 2) {
      p.put(keyValues[i], keyValues[i + 1]);
    }
    return RunConfig.from(p, Map.of(), project, Instant.parse("2026-11-29T09:00:00Z"));
  }

  @Test
  void defaultsAndValues() {
    ServerQueueOptions d = parse().watch().serverQueues();
    assertFalse(d.drainServerQueues());
    assertEquals(30.0, d.livelockSeconds());
    assertNull(d.standinStuckQueue());
    ServerQueueOptions set = parse("drainServerQueues", "true", "livelockSeconds", "5",
        "standinStuckQueue", "SessionCommit").watch().serverQueues();
    assertTrue(set.drainServerQueues());
    assertEquals(5.0, set.livelockSeconds());
    assertEquals("SessionCommit", set.standinStuckQueue());
    Map<String, Object> described = Described.of(parse("drainServerQueues", "true", "livelockSeconds", "5",
        "standinStuckQueue", "SessionCommit"));
    assertEquals(true, described.get("drain_server_queues"));
    assertEquals(5.0, described.get("livelock_seconds"), "the report reads the window from run_config.json");
    assertEquals("SessionCommit", described.get("standin_stuck_queue"));
  }

  @Test
  void badValuesAreOneLineNamingTheFix() {
    assertEquals("unknown -DstandinStuckQueue 'Commit': use one of AddResource|SessionCommit",
        assertThrows(ConfigException.class, () -> parse("standinStuckQueue", "Commit")).getMessage());
    assertTrue(assertThrows(ConfigException.class, () -> parse("standinStuckQueue", "SessionCommit",
        "serverUrl", "http://127.0.0.1:1933")).getMessage().contains("leave -DserverUrl unset or drop it"));
    assertTrue(assertThrows(ConfigException.class, () -> parse("livelockSeconds", "0")).getMessage()
        .startsWith("-DlivelockSeconds must be a number of seconds >= 1.0"));
    assertTrue(assertThrows(ConfigException.class, () -> parse("drainServerQueues", "maybe")).getMessage()
        .startsWith("-DdrainServerQueues must be true or false"));
  }
}
