package ovload.standin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The settings' one copy method: each with-method changes its setting only, and every copy is checked. */
class StandInConfigTest {
  @Test
  void eachWithMethodChangesItsSettingAndNoOther() {
    StandInConfig changed = StandInConfig.defaults().withPort(0).withApiKey("k").withAuthMode("dev")
        .withModelMode(ModelMode.SLOW).withEmbedDelayMs(1L).withExtractDelayMs(2L).withJitter(0.5)
        .withResourceWorkers(3).withCommitWorkers(4).withHttpThreads(5).withTaskFailureRate(0.1)
        .withUnavailableRate(0.2).withSeed(6).withMaxBodyBytes(7).withRetrievalDelayMs(8).withModelErrorRate(0.3)
        .withStuckQueue("SessionCommit").withBreakerResetMillis(9);
    assertEquals(new StandInConfig(0, "k", "dev", ModelMode.SLOW, 1L, 2L, 0.5, 3, 4, 5, 0.1, 0.2, 6, 7, 8, 0.3,
        "SessionCommit", 9), changed);
    assertEquals(1935, StandInConfig.defaults().port(), "a copy leaves the original as it was");
  }

  @Test
  void theCommandLinesGroupedSettingsAreTheSingleOnes() {
    StandInConfig d = StandInConfig.defaults();
    assertEquals(d.withEmbedDelayMs(1L).withExtractDelayMs(null).withJitter(0), d.withDelays(1L, null, 0));
    assertEquals(d.withResourceWorkers(2).withCommitWorkers(3), d.withWorkers(2, 3));
    assertEquals(d.withTaskFailureRate(0.1).withUnavailableRate(0.2), d.withFaults(0.1, 0.2));
  }

  @Test
  void aCopyIsCheckedAsAnyConfig() {
    StandInConfig d = StandInConfig.defaults();
    assertThrows(IllegalArgumentException.class, () -> d.withAuthMode("open"));
    assertThrows(IllegalArgumentException.class, () -> d.withHttpThreads(0));
    assertThrows(IllegalArgumentException.class, () -> d.withModelErrorRate(1.5));
    assertThrows(IllegalArgumentException.class, () -> d.withStuckQueue("Embedding"));
    assertThrows(IllegalArgumentException.class, () -> d.withBreakerResetMillis(0));
    assertFalse(d.withApiKey("secret-key").toString().contains("secret-key"), "the key is never printed");
  }
}
