package ovload.ovcli;

import java.util.Locale;

/** {@code --output}: {@code json} envelopes for scripts, {@code table} for people (the default). */
enum OutputFormat {
  JSON,
  TABLE;

  static OutputFormat parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "json" -> JSON;
      case "table" -> TABLE;
      default -> throw new UsageException("--output must be json or table, got '" + value + "'");
    };
  }
}
