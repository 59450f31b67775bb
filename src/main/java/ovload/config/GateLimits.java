package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The run's own pass/fail limits besides its profile's gates; null when not given (the profile's
 * {@code resources/gates/<profile>.json} then decides).
 *
 * @param maxFailureRatePercent the largest share of failed requests ({@code -DmaxFailureRatePercent})
 * @param maxSuccessP95Ms the largest 95th percentile of successful requests ({@code -DmaxSuccessP95Ms})
 * @param maxUnfinishedTasks the most background tasks still unfinished after the final drain ({@code -DmaxUnfinishedTasks})
 * @param maxPendingServerQueue the most messages pending or in progress in the server's queues after
 *     the final drain ({@code -DmaxPendingServerQueue})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateLimits(Double maxFailureRatePercent, Double maxSuccessP95Ms, Long maxUnfinishedTasks,
    Long maxPendingServerQueue) {

  static GateLimits from(Settings s) {
    return new GateLimits(optionalNumber(s, "maxFailureRatePercent", "percent"),
        optionalNumber(s, "maxSuccessP95Ms", "milliseconds"), optionalCount(s, "maxUnfinishedTasks"),
        optionalCount(s, "maxPendingServerQueue"));
  }

  private static Long optionalCount(Settings s, String property) {
    if (s.raw(property, null) == null) {
      return null;
    }
    long count = s.wholeNumber(property, 0);
    if (count < 0) {
      throw new ConfigException("-D" + property + " must be a whole number >= 0, got " + count);
    }
    return count;
  }

  private static Double optionalNumber(Settings s, String property, String unit) {
    String raw = s.raw(property, null);
    return raw == null || raw.isEmpty() ? null : s.number(property, 0, 0, unit);
  }
}
