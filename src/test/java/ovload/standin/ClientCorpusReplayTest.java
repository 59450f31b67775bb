package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stand-in answers OpenViking's own clients as a real OpenViking 0.5.2 does: every HTTP
 * exchange that `ov`, openviking-sdk and the openviking package's AsyncHTTPClient made with the
 * real server (src/test/resources/conformance/openviking-0.5.2-clients,
 * scripts/record-client-conformance.sh) is sent to a fresh stand-in and compared; what the
 * stand-in deliberately or not yet answers otherwise is listed with its reason in the corpus's
 * not-compared.json (docs/conformance.md).
 */
class ClientCorpusReplayTest {
  private static final String CORPUS = "openviking-0.5.2-clients";

  @Test
  void theStandInAnswersEveryClientExchangeAsTheRealServerDid() throws Exception {
    ConformanceReplay replay = new ConformanceReplay(ConformanceReplay.corpusFolder(CORPUS), "test-root-api-key");
    assertTrue(replay.exchanges().size() >= 400, "the corpus is there: " + replay.exchanges().size());
    List<String> diffs;
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withApiKey("test-root-api-key"))) {
      diffs = replay.replay(server.port());
    }
    System.out.println("client conformance replay: " + replay.exchanges().size() + " exchanges, " + diffs.size() + " differences");
    diffs.forEach(d -> System.out.println("  " + d));
    assertTrue(diffs.isEmpty(), diffs.size() + " differences from OpenViking 0.5.2:\n" + String.join("\n", diffs));
  }

  @Test
  void theReplayFailsWhenARouteTheClientsUseAnswersOtherwise() throws Exception {
    ConformanceReplay replay = new ConformanceReplay(ConformanceReplay.corpusFolder(CORPUS), "test-root-api-key");
    // a stand-in that caps bodies at 100 bytes refuses ov's upload (413) where the real server took it
    List<String> diffs;
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0)
        .withModelMode(ModelMode.INSTANT).withApiKey("test-root-api-key").withMaxBodyBytes(100))) {
      diffs = replay.replay(server.port());
    }
    assertTrue(diffs.stream().anyMatch(d -> d.matches("\\d{4}-ov-add-resource-wait: status: real 200, stand-in 413")),
        String.join("\n", diffs));
  }
}
