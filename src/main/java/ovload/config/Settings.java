package ovload.config;

import java.util.Map;
import java.util.Properties;

/**
 * Where option values come from: system properties (camelCase, as {@code -Dname=value} on the Maven
 * command line), then the spec's environment variables, then defaults. Typed getters turn a bad
 * value into a {@link ConfigException} that names the option and what it accepts.
 */
final class Settings {
  private final Properties properties;
  private final Map<String, String> environment;

  Settings(Properties properties, Map<String, String> environment) {
    this.properties = properties;
    this.environment = environment;
  }

  /**
   * The raw value: the property, else the environment variable (if any), else null. A property
   * given empty ({@code -Dadapters=}) is refused: taking it for the default would run what the
   * user did not ask for. An empty environment variable counts as unset, as in a shell.
   */
  String raw(String property, String envVar) {
    String value = properties.getProperty(property);
    if (value != null && value.isBlank()) {
      throw new ConfigException("-D" + property + " is empty: give it a value, or leave it out for the default");
    }
    if (value == null && envVar != null) {
      value = environment.get(envVar);
    }
    return value == null ? null : value.trim();
  }

  String string(String property, String envVar, String fallback) {
    String value = raw(property, envVar);
    return value == null || value.isEmpty() ? fallback : value;
  }

  int positiveInt(String property, int fallback) {
    String value = raw(property, null);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the option's name
    }
    throw new ConfigException(
        "-D" + property + " must be a positive whole number, got '" + value + "'");
  }

  double seconds(String property, double fallback, double minimum) {
    return number(property, fallback, minimum, "seconds");
  }

  double number(String property, double fallback, double minimum, String unit) {
    String value = raw(property, null);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (Double.isFinite(parsed) && parsed >= minimum) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // reported below with the option's name
    }
    throw new ConfigException(
        "-D" + property + " must be a number of " + unit + " >= " + minimum + ", got '" + value + "'");
  }

  long wholeNumber(String property, long fallback) {
    String value = raw(property, null);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ConfigException("-D" + property + " must be a whole number, got '" + value + "'");
    }
  }

  boolean flag(String property, boolean fallback) {
    String value = raw(property, null);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    return switch (value.toLowerCase()) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw new ConfigException(
          "-D" + property + " must be true or false, got '" + value + "'");
    };
  }
}
