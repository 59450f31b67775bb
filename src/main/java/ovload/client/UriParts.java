package ovload.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** The parts of a request URI the client fills in from caller values: path segments and query strings. */
final class UriParts {
  private UriParts() {}

  /** {@code ?k=v&...} of the pairs whose value is not null, each part percent-encoded; "" when none is left. */
  static String query(String... keysAndValues) {
    StringJoiner joiner = new StringJoiner("&", "?", "");
    joiner.setEmptyValue("");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        joiner.add(encode(keysAndValues[i]) + "=" + encode(keysAndValues[i + 1]));
      }
    }
    return joiner.toString();
  }

  /** One path segment (an id or a name), percent-encoded so that it stays one segment. */
  static String segment(String value) {
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("a path segment (id or name) is empty");
    }
    return encode(value);
  }

  // URLEncoder is form encoding; %20 instead of '+' makes it right for paths and queries alike.
  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
