package ovload.standin.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request's query parameters, decoded and checked as the real server (Starlette and FastAPI)
 * does: the first of a repeated name counts, and a bad value is a 400 validation error naming it.
 */
public final class Query {
  private final Map<String, String> params;

  private Query(Map<String, String> params) {
    this.params = params;
  }

  /** The parameters of the raw (undecoded) query string; null or empty has none. */
  static Query parse(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), true);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true);
        params.putIfAbsent(key, value);
      }
    }
    return new Query(params);
  }

  /** The value, or null when absent. */
  public String get(String name) {
    return params.get(name);
  }

  public String required(String name) {
    String value = params.get(name);
    if (value == null) {
      throw ApiException.validation("query." + name, "Field required", "missing");
    }
    return value;
  }

  /** A whole number of at least 1, or {@code fallback} when absent. */
  public int positive(String name, int fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw ApiException.validation("query." + name, "Input should be greater than or equal to 1", "greater_than_equal");
  }

  /** A boolean in pydantic's spellings; false when absent. */
  public boolean flag(String name) {
    String value = params.getOrDefault(name, "false").toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "1", "yes", "on" -> true;
      case "false", "0", "no", "off" -> false;
      default -> throw ApiException.validation("query." + name, "Input should be a valid boolean, unable to "
          + "interpret input", "bool_parsing");
    };
  }

  /**
   * Percent-decodes as the real server (Starlette) does: a malformed escape such as {@code %zz}
   * stays as it is, bytes that are no UTF-8 become U+FFFD; {@code +} is a space where asked.
   */
  static String decode(String raw, boolean plusIsSpace) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length()
          && Character.digit(raw.charAt(i + 1), 16) >= 0 && Character.digit(raw.charAt(i + 2), 16) >= 0) {
        bytes.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '+' && plusIsSpace) {
        bytes.write(' ');
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
