package ovload.recording;

/**
 * Totals of the queue observer's text table (pending, in progress, processed, errors over all
 * queues). Read tolerantly: columns are found by their header words; -1 where there is no table.
 */
final class QueueTable {
  private QueueTable() {}

  static long[] totals(String table) {
    long[] totals = {-1, -1, -1, -1};
    if (table == null) {
      return totals;
    }
    String[] lines = table.strip().split("\n");
    String[] header = lines[0].trim().toLowerCase().split("\\s+");
    int[] columns = {-1, -1, -1, -1};
    for (int i = 0; i < header.length; i++) {
      String h = header[i];
      if (h.contains("pending")) {
        columns[0] = i;
      } else if (h.contains("progress") || h.contains("running")) {
        columns[1] = i;
      } else if (h.contains("processed") || h.contains("done") || h.contains("completed")) {
        columns[2] = i;
      } else if (h.contains("error") || h.contains("failed")) {
        columns[3] = i;
      }
    }
    for (int c = 0; c < 4; c++) {
      if (columns[c] >= 0) {
        totals[c] = 0;
      }
    }
    for (int l = 1; l < lines.length; l++) {
      String[] cells = lines[l].trim().split("\\s+");
      for (int c = 0; c < 4; c++) {
        if (columns[c] >= 0 && columns[c] < cells.length && cells[columns[c]].matches("\\d+")) {
          totals[c] += Long.parseLong(cells[columns[c]]);
        }
      }
    }
    return totals;
  }
}
