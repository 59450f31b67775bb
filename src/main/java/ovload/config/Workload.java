package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

/**
 * The workload sizes of one run: a profile's values (from {@code resources/profiles/<name>.properties})
 * with any of them overridden by a system property of the same name. Written to {@code run_config.json}
 * under the same names in snake case.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Workload(
    int resourceCount,
    int sessionCount,
    int messagesPerSession,
    int resourceConcurrency,
    int searchConcurrency,
    int sessionConcurrency,
    int commitConcurrency,
    int mixedConcurrency,
    double phaseSeconds,
    double mixedSeconds,
    double warmupSeconds) {

  public static final List<String> PROFILES = List.of("smoke", "standard", "stress");

  static Workload load(String profile, Settings overrides) {
    Properties values = readProfile(profile);
    Settings base = new Settings(values, java.util.Map.of());
    return new Workload(
        overrides.positiveInt("resourceCount", base.positiveInt("resourceCount", 1)),
        overrides.positiveInt("sessionCount", base.positiveInt("sessionCount", 1)),
        overrides.positiveInt("messagesPerSession", base.positiveInt("messagesPerSession", 1)),
        overrides.positiveInt("resourceConcurrency", base.positiveInt("resourceConcurrency", 1)),
        overrides.positiveInt("searchConcurrency", base.positiveInt("searchConcurrency", 1)),
        overrides.positiveInt("sessionConcurrency", base.positiveInt("sessionConcurrency", 1)),
        overrides.positiveInt("commitConcurrency", base.positiveInt("commitConcurrency", 1)),
        overrides.positiveInt("mixedConcurrency", base.positiveInt("mixedConcurrency", 1)),
        overrides.seconds("phaseSeconds", base.seconds("phaseSeconds", 1, 0.001), 0.001),
        overrides.seconds("mixedSeconds", base.seconds("mixedSeconds", 1, 0.001), 0.001),
        overrides.seconds("warmupSeconds", base.seconds("warmupSeconds", 0, 0), 0));
  }

  private static Properties readProfile(String profile) {
    if (!profile.matches("[A-Za-z0-9_-]+")) {
      throw unknown(profile);
    }
    try (InputStream in =
        Workload.class.getClassLoader().getResourceAsStream("profiles/" + profile + ".properties")) {
      if (in == null) {
        throw unknown(profile);
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties;
    } catch (IOException e) {
      throw new ConfigException("cannot read profile '" + profile + "': " + e.getMessage());
    }
  }

  private static ConfigException unknown(String profile) {
    return new ConfigException(
        "unknown profile '" + profile + "': use -Dprofile=" + String.join("|", PROFILES)
            + " (or add resources/profiles/" + profile + ".properties)");
  }
}
