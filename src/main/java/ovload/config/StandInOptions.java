package ovload.config;

import java.util.List;
import java.util.Locale;

/**
 * The embedded stand-in's settings, used only when no {@code -DserverUrl} is given (one stand-in per
 * model mode serves every run of a plan).
 *
 * @param modelMode how long the stand-in's model calls take ({@code -DmodelMode})
 * @param retrievalDelayMs extra time each find and search takes ({@code -DstandinRetrievalDelayMs})
 * @param inProcess the stand-in runs in this JVM (for tests), not in a child JVM of its own
 * @param warmUp the stand-in's child JVM warms up before it serves ({@code -DstandinWarmUp}); off for a
 *     quick functional run, whose first phase then meets a cold server
 */
public record StandInOptions(String modelMode, long retrievalDelayMs, boolean inProcess, boolean warmUp) {
  public static final List<String> MODEL_MODES = List.of("instant", "realistic", "slow");

  static String modelMode(Settings s) {
    String modelMode = s.string("modelMode", null, "realistic").toLowerCase(Locale.ROOT);
    if (!MODEL_MODES.contains(modelMode)) {
      throw new ConfigException(
          "unknown -DmodelMode '" + modelMode + "': use " + String.join("|", MODEL_MODES));
    }
    return modelMode;
  }

  static StandInOptions from(String modelMode, Settings s) {
    return new StandInOptions(modelMode, (long) s.number("standinRetrievalDelayMs", 0, 0, "milliseconds"),
        s.flag("standinInProcess", false), s.flag("standinWarmUp", true));
  }
}
