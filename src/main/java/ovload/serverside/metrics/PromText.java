package ovload.serverside.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser of the Prometheus text exposition format (version 0.0.4, what OpenViking's {@code
 * /metrics} serves): {@code # TYPE} lines and samples ({@code name{label="value",...} value
 * [timestamp]}), label values with their escapes ({@code \\}, {@code \"}, {@code \n}), the special
 * values {@code NaN}, {@code +Inf}, {@code -Inf}. {@code # HELP} and other comments are skipped.
 * Written here because Maven Central's Prometheus Java libraries only write this format.
 */
public final class PromText {
  /** One sample: its metric name as written (a histogram's {@code _bucket}, {@code _sum}, {@code _count}), its labels in the written order. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** The labels as {@code a="x",b="y"} (escaped as in the format), the key of a series in {@code server_metrics.csv}. */
    public String labelText() {
      StringBuilder out = new StringBuilder();
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (out.length() > 0) {
          out.append(',');
        }
        out.append(e.getKey()).append("=\"")
            .append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
      }
      return out.toString();
    }
  }

  /** A scrape: each family's declared type ({@code counter}, {@code gauge}, {@code histogram}, ...) and the samples in order. */
  public record Scrape(Map<String, String> types, List<Sample> samples) {}

  private PromText() {}

  /** @throws IllegalArgumentException naming the line that is not the format */
  public static Scrape parse(String text) {
    Map<String, String> types = new LinkedHashMap<>();
    List<Sample> samples = new ArrayList<>();
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] parts = line.substring(1).strip().split("\\s+");
        if (parts.length >= 3 && parts[0].equals("TYPE")) {
          types.put(parts[1], parts[2]);
        }
        continue;
      }
      try {
        samples.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + " is no Prometheus sample (" + e.getMessage() + "): " + line);
      }
    }
    return new Scrape(types, samples);
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    if (name.isEmpty()) {
      throw new IllegalArgumentException("no metric name");
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    if (rest.length < 1 || rest[0].isEmpty() || rest.length > 2) {
      throw new IllegalArgumentException("a value and at most a timestamp must follow the name");
    }
    return new Sample(name, labels, value(rest[0]));
  }

  /** Reads {@code name="value",...}} from {@code i}; returns the index after the closing brace. */
  private static int labels(String line, int i, Map<String, String> labels) {
    while (true) {
      while (i < line.length() && (line.charAt(i) == ',' || line.charAt(i) == ' ')) {
        i++;
      }
      if (i >= line.length()) {
        throw new IllegalArgumentException("unclosed label set");
      }
      if (line.charAt(i) == '}') {
        return i + 1;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        throw new IllegalArgumentException("a label must be name=\"value\"");
      }
      String key = line.substring(i, eq).strip();
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      while (true) {
        if (j >= line.length()) {
          throw new IllegalArgumentException("unterminated label value");
        }
        char c = line.charAt(j);
        if (c == '"') {
          break;
        }
        if (c == '\\' && j + 1 < line.length()) {
          char next = line.charAt(++j);
          value.append(next == 'n' ? '\n' : next);
        } else {
          value.append(c);
        }
        j++;
      }
      labels.put(key, value.toString());
      i = j + 1;
    }
  }

  static double value(String text) {
    return switch (text) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(text);
    };
  }
}
