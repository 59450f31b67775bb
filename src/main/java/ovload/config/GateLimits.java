package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The run's own pass/fail limits besides its profile's gates; null when not given.
 *
 * @param maxFailureRatePercent the largest share of failed requests ({@code -DmaxFailureRatePercent})
 * @param maxSuccessP95Ms the largest 95th percentile of successful requests ({@code -DmaxSuccessP95Ms})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GateLimits(Double maxFailureRatePercent, Double maxSuccessP95Ms) {

  static GateLimits from(Settings s) {
    return new GateLimits(optionalNumber(s, "maxFailureRatePercent", "percent"),
        optionalNumber(s, "maxSuccessP95Ms", "milliseconds"));
  }

  private static Double optionalNumber(Settings s, String property, String unit) {
    String raw = s.raw(property, null);
    return raw == null || raw.isEmpty() ? null : s.number(property, 0, 0, unit);
  }
}
