package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The stand-in answers as a real OpenViking 0.5.2 does: every exchange recorded from the real
 * server (src/test/resources/conformance/openviking-0.5.2, scripts/record-conformance.sh) is sent
 * to a fresh stand-in and compared; fields it deliberately differs on are listed with a reason in
 * the corpus's not-compared.json.
 */
class ConformanceReplayTest {
  private static final String VERSION = "0.5.2";

  /**
   * Instant, except that each chunk takes a little embedding time: the corpus's rm of a folder
   * whose resource is still being processed must find it still processing here too.
   */
  private static StandInConfig config() {
    return StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT).withEmbedDelayMs(20L)
        .withApiKey("test-root-api-key");
  }

  @Test
  void theStandInAnswersEveryRecordedExchangeAsTheRealServerDid() throws Exception {
    ConformanceReplay replay = new ConformanceReplay(ConformanceReplay.corpus(VERSION), "test-root-api-key");
    assertTrue(replay.exchanges().size() >= 100, "the corpus is there: " + replay.exchanges().size());
    List<String> diffs;
    try (StandInServer server = StandInServer.start(config())) {
      diffs = replay.replay(server.port());
    }
    System.out.println("conformance replay: " + replay.exchanges().size() + " exchanges, " + diffs.size() + " differences");
    diffs.forEach(d -> System.out.println("  " + d));
    assertTrue(diffs.isEmpty(), diffs.size() + " differences from OpenViking " + VERSION + ":\n" + String.join("\n", diffs));
  }

  @Test
  void theReplayFailsWhenTheStandInChangesAStatus() throws Exception {
    ConformanceReplay replay = new ConformanceReplay(ConformanceReplay.corpus(VERSION), "test-root-api-key");
    // a stand-in that caps bodies at 100 bytes answers 413 where the real server answered 200
    List<String> diffs;
    try (StandInServer server = StandInServer.start(config().withMaxBodyBytes(100))) {
      diffs = replay.replay(server.port());
    }
    assertTrue(diffs.stream().anyMatch(d -> d.startsWith("018-temp-upload: status: real 200, stand-in 413")), String.join("\n", diffs));
  }
}
