package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The stand-in's warm-up runs its rounds until the find latency settles, then leaves nothing behind. */
class WarmUpTest {
  @Test
  void warmsUpUntilSettledAndRemovesItsData() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT))) {
      WarmUp.Result result = WarmUp.run(server);
      System.out.println("stand-in " + result);
      assertTrue(result.rounds() >= 4, result.toString());
      assertTrue(result.firstMedianMs() > 0 && result.lastMedianMs() > 0, result.toString());
      assertTrue(result.toString().startsWith("warmed up in "), result.toString());
      RawHttp warmup = new RawHttp(server.baseUrl(), "test-root-api-key", "ovload-standin-warmup", "warmup");
      assertEquals(404, warmup.get("/api/v1/fs/ls?uri=viking://resources/ovload-standin-warmup").status(),
          "its data is removed");
      assertEquals(404, warmup.get("/api/v1/sessions/ovload-standin-warmup").status(), "its session is removed");
      assertEquals(0, server.stats().unfinishedTasks(), "its work is done before anyone is told the port");
    }
  }
}
