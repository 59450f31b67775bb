package ovload.recording;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The queue observer's text table ({@code GET /api/v1/observer/queue}, field {@code status}).
 * OpenViking 0.5.2 renders it with tabulate's "pretty" format: a box of {@code +---+} rules and
 * {@code |}-separated, centred cells, columns {@code Queue | Pending | In Progress | Processed |
 * Requeued | Errors | Total}, one row per queue, then {@code Semantic-Nodes} (the semantic tree's
 * nodes, not counted in the total) and {@code TOTAL}. Read tolerantly: columns are found by their
 * header words, cells split on {@code |} (or on spaces when the table has no rules), and a count a
 * table does not have is -1.
 */
public final class QueueTable {
  /** The name of the row that sums the real queues. */
  public static final String TOTAL = "TOTAL";

  /** One row of the table; -1 for a column the table does not have. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Row(String queue, long pending, long inProgress, long processed, long requeued, long errors) {
    /** Pending or in progress: work the server still has to do. */
    public long open() {
      return Math.max(0, pending) + Math.max(0, inProgress);
    }
  }

  private QueueTable() {}

  /** Every row in the table's order, TOTAL included; empty when there is no table. */
  public static List<Row> parse(String table) {
    List<Row> rows = new ArrayList<>();
    if (table == null) {
      return rows;
    }
    int[] columns = null;
    for (String line : table.strip().split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("+")) {
        continue;
      }
      List<String> cells = cells(trimmed);
      if (columns == null) {
        columns = columns(cells);
        continue;
      }
      if (cells.isEmpty() || cells.get(0).isEmpty()) {
        continue;
      }
      rows.add(new Row(cells.get(0), cell(cells, columns[0]), cell(cells, columns[1]), cell(cells, columns[2]),
          cell(cells, columns[3]), cell(cells, columns[4])));
    }
    return rows;
  }

  /**
   * Pending, in progress, processed and errors over all queues: the TOTAL row when the table has
   * one, else the sum of its rows; -1 where there are no rows or no such column.
   */
  static long[] totals(List<Row> rows) {
    long[] totals = {-1, -1, -1, -1};
    for (Row row : rows) {
      if (row.queue().equals(TOTAL)) {
        return new long[] {row.pending(), row.inProgress(), row.processed(), row.errors()};
      }
      long[] values = {row.pending(), row.inProgress(), row.processed(), row.errors()};
      for (int c = 0; c < 4; c++) {
        if (values[c] >= 0) {
          totals[c] = Math.max(0, totals[c]) + values[c];
        }
      }
    }
    return totals;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    if (line.startsWith("|")) {
      String inner = line.substring(1, line.endsWith("|") && line.length() > 1 ? line.length() - 1 : line.length());
      for (String cell : inner.split("\\|", -1)) {
        cells.add(cell.trim());
      }
    } else {
      cells.addAll(List.of(line.split("\\s+")));
    }
    return cells;
  }

  /** Where pending, in progress, processed, requeued and errors are; -1 for a column not there. */
  private static int[] columns(List<String> header) {
    int[] columns = {-1, -1, -1, -1, -1};
    for (int i = 1; i < header.size(); i++) {
      String h = header.get(i).toLowerCase(Locale.ROOT);
      if (h.contains("pending")) {
        columns[0] = i;
      } else if (h.contains("progress") || h.contains("running")) {
        columns[1] = i;
      } else if (h.contains("requeue")) {
        columns[3] = i;
      } else if (h.contains("processed") || h.contains("done") || h.contains("completed")) {
        columns[2] = i;
      } else if (h.contains("error") || h.contains("failed")) {
        columns[4] = i;
      }
    }
    return columns;
  }

  private static long cell(List<String> cells, int column) {
    if (column < 0 || column >= cells.size() || !cells.get(column).matches("\\d+")) {
      return -1;
    }
    return Long.parseLong(cells.get(column));
  }
}
