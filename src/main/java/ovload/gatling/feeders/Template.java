package ovload.gatling.feeders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovload.config.ConfigException;

/** A user-editable text with {@code {{name}}} placeholders. Unknown placeholders are an error at load. */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([a-z_]+)}}");
  private final String text;

  private Template(String text) {
    this.text = text;
  }

  static Template load(Path file, java.util.Set<String> allowed) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ConfigException("cannot read template " + file + ": restore it from git or set -DuserFiles");
    }
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      if (!allowed.contains(m.group(1))) {
        throw new ConfigException("template " + file + " uses unknown placeholder {{" + m.group(1)
            + "}}: allowed are " + allowed);
      }
    }
    return new Template(text);
  }

  String render(Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder(text.length() + 64);
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "")));
    }
    m.appendTail(out);
    return out.toString();
  }
}
