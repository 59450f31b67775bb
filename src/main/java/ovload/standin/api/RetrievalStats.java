package ovload.standin.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retrieval observer's figures, server-wide as OpenViking 0.5.2's stats collector keeps them:
 * one query per context type a find or search retrieved, its hit count, scores and time. Its
 * text is 0.5.2's: "No retrieval queries recorded." before any query, then the summary table (and
 * the queries per context type) in tabulate's {@code pretty} format.
 */
final class RetrievalStats {
  static final String NONE = "No retrieval queries recorded.";

  private long queries;
  private long results;
  private long zeroResultQueries;
  private double scoreSum;
  private double maxScore;
  private double minScore = Double.POSITIVE_INFINITY;
  private double latencySumMs;
  private double maxLatencyMs;
  private final Map<String, Long> byType = new LinkedHashMap<>();

  synchronized void record(String contextType, List<Float> scores, double latencyMs) {
    queries++;
    results += scores.size();
    if (scores.isEmpty()) {
      zeroResultQueries++;
    }
    for (float s : scores) {
      scoreSum += s;
      maxScore = Math.max(maxScore, s);
      minScore = Math.min(minScore, s);
    }
    byType.merge(contextType, 1L, Long::sum);
    latencySumMs += latencyMs;
    maxLatencyMs = Math.max(maxLatencyMs, latencyMs);
  }

  synchronized String table() {
    if (queries == 0) {
      return NONE;
    }
    List<List<String>> summary = new ArrayList<>();
    summary.add(List.of("Total Queries", Long.toString(queries)));
    summary.add(List.of("Total Results", Long.toString(results)));
    summary.add(List.of("Avg Results/Query", fixed(1, (double) results / queries)));
    summary.add(List.of("Zero-Result Queries", Long.toString(zeroResultQueries)));
    summary.add(List.of("Zero-Result Rate", fixed(1, 100.0 * zeroResultQueries / queries) + "%"));
    summary.add(List.of("Avg Score", fixed(4, results == 0 ? 0 : scoreSum / results)));
    summary.add(List.of("Score Range", results == 0 ? "N/A" : fixed(4, minScore) + " - " + fixed(4, maxScore)));
    summary.add(List.of("Rerank Used", "0"));
    summary.add(List.of("Rerank Fallback", "0"));
    summary.add(List.of("Avg Latency (ms)", fixed(1, latencySumMs / queries)));
    summary.add(List.of("Max Latency (ms)", fixed(1, maxLatencyMs)));
    StringBuilder out = new StringBuilder(pretty(List.of("Metric", "Value"), summary));
    List<List<String>> types = new ArrayList<>();
    byType.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> types.add(List.of(e.getKey(), Long.toString(e.getValue()))));
    out.append("\n\n").append(pretty(List.of("Context Type", "Queries"), types));
    return out.toString();
  }

  private static String fixed(int decimals, double value) {
    return String.format(Locale.ROOT, "%." + decimals + "f", value);
  }

  /** tabulate's {@code pretty} format: every cell centred, one space of padding, {@code +--+} rules. */
  static String pretty(List<String> headers, List<List<String>> rows) {
    int[] widths = new int[headers.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = headers.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int w : widths) {
      rule.append("-".repeat(w + 2)).append('+');
    }
    StringBuilder out = new StringBuilder().append(rule).append('\n').append(line(headers, widths)).append('\n')
        .append(rule).append('\n');
    for (List<String> row : rows) {
      out.append(line(row, widths)).append('\n');
    }
    return out.append(rule).toString();
  }

  private static String line(List<String> cells, int[] widths) {
    StringBuilder out = new StringBuilder("|");
    for (int i = 0; i < widths.length; i++) {
      String cell = cells.get(i);
      int left = (widths[i] - cell.length()) / 2; // Python's "^" puts the odd space on the right
      out.append(' ').append(" ".repeat(left)).append(cell).append(" ".repeat(widths[i] - cell.length() - left))
          .append(" |");
    }
    return out.toString();
  }
}
