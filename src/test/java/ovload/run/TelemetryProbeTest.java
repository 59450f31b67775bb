package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import ovload.config.RunConfig;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;
import ovload.support.LoopbackHttpServer;

/** The probe turns telemetry on only for a server that answers it, and -Dtelemetry overrides it unasked. */
class TelemetryProbeTest {
  private static RunConfig config(String url, String telemetry) {
    Properties p = new Properties();
    p.setProperty("serverUrl", url);
    p.setProperty("adapters", "sdk");
    if (telemetry != null) {
      p.setProperty("telemetry", telemetry);
    }
    return RunConfig.from(p, Map.of(), Path.of("target"), Instant.parse("2026-11-29T00:00:00Z"));
  }

  @Test
  void theStandInAnswersTelemetry() {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0))) {
      TelemetryProbe probe = TelemetryProbe.decide(config(server.baseUrl(), null));
      assertTrue(probe.on());
      assertTrue(probe.note().startsWith("server telemetry on: "), probe.note());
    }
  }

  @Test
  void aServerWithoutTelemetryLeavesItOffAndExplicitSettingsSendNothing() {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = LoopbackHttpServer.start(0, Executors.newSingleThreadExecutor(), exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"status\":\"ok\",\"result\":{\"resources\":[]}}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("X-Process-Time", "0.001");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    }, "no-telemetry");
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      TelemetryProbe probe = TelemetryProbe.decide(config(url, null));
      assertFalse(probe.on());
      assertTrue(probe.note().startsWith("server telemetry off: "), probe.note());
      assertEquals(1, requests.get(), "one probe request");
      assertTrue(TelemetryProbe.decide(config(url, "true")).on());
      assertFalse(TelemetryProbe.decide(config(url, "false")).on());
      assertEquals(1, requests.get(), "an explicit -Dtelemetry sends no probe");
    } finally {
      server.stop(0);
    }
  }
}
