package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerInsideOptionsTest {
  @TempDir Path project;

  private ServerInsideOptions parse(String... keyValues) {
    Properties p = new Properties();
    Map<String, String> props = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    props.putIfAbsent("adapters", "sdk");
    p.putAll(props);
    return RunConfig.from(p, Map.of(), project, Instant.parse("2026-12-07T00:00:00Z")).watch().inside();
  }

  private String error(String... keyValues) {
    return assertThrows(ConfigException.class, () -> parse(keyValues)).getMessage();
  }

  @Test
  void theStandInIsProfiledWithJfrAndAServerOfOnesOwnIsNotUnlessAsked() {
    ServerInsideOptions embedded = parse();
    assertEquals("jfr", embedded.profiler());
    assertEquals("http://127.0.0.1:1933/metrics", embedded.metricsUrlFor("http://127.0.0.1:1933/"));
    assertEquals("off", parse("serverUrl", "http://127.0.0.1:1933").profiler());
    String pid = Long.toString(ProcessHandle.current().pid());
    assertEquals("py-spy", parse("serverUrl", "http://127.0.0.1:1933", "targetPid", pid, "profileServer", "py-spy").profiler());
    assertEquals("command", parse("serverUrl", "http://127.0.0.1:1933",
        "profileServerCommand", "prof --pid {pid} --out {collapsed}").profiler());
    assertNull(parse("serverMetricsUrl", "off").metricsUrlFor("http://127.0.0.1:1933"));
    assertEquals("http://127.0.0.1:9/m", parse("serverMetricsUrl", "http://127.0.0.1:9/m").metricsUrlFor("http://x"));
  }

  @Test
  void badValuesAreOneLineNamingTheFix() {
    assertTrue(error("serverMetricsUrl", "127.0.0.1/metrics").contains("give the server's Prometheus URL"));
    assertTrue(error("profileServer", "perf").contains("use off, py-spy, jfr or command"));
    assertTrue(error("serverUrl", "http://127.0.0.1:1933", "profileServer", "py-spy").contains("give -DtargetPid"));
    assertTrue(error("serverUrl", "http://127.0.0.1:1933", "profileServer", "jfr").contains("embedded stand-in only"));
    assertTrue(error("serverUrl", "http://127.0.0.1:1933", "profileServer", "command").contains("{collapsed}"));
  }
}
