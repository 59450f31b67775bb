package ovload.support;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The one time-stamp format of every output file: UTC ISO-8601 with milliseconds and {@code Z}. */
public final class Timestamps {
  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Timestamps() {}

  public static String iso(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  public static String isoFromEpochMillis(long epochMillis) {
    return iso(Instant.ofEpochMilli(epochMillis));
  }
}
