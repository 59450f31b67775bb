package ovload.standin.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The queue observer's {@code status} text as OpenViking 0.5.2 renders it (tabulate's "pretty"
 * format): every queue of the real server in its order, the semantic tree's nodes, then TOTAL,
 * which sums the queues but not the nodes, as the real one does.
 */
public final class ObserverTable {
  /** The real server's queues in the order its observer lists them. */
  static final List<String> QUEUES = List.of("Embedding", "Semantic", "ExternalParse", "AddResource", "Reindex",
      "ContentWrite", "SessionCommit", "ExternalTask", "UserDeletion");
  static final String NODES = "Semantic-Nodes";
  private static final String[] HEADER = {"Queue", "Pending", "In Progress", "Processed", "Requeued", "Errors", "Total"};

  /** One queue's counts; total is pending + in progress + processed, as the real server adds it. */
  record Counts(String queue, long pending, long inProgress, long processed, long requeued, long errors) {
    long total() {
      return pending + inProgress + processed;
    }
  }

  private ObserverTable() {}

  /** The table for these queues' counts; a real queue not among them shows zeros. */
  static String render(List<Counts> worked) {
    List<Counts> rows = new ArrayList<>();
    long[] sum = new long[5];
    for (String name : QUEUES) {
      Counts c = worked.stream().filter(w -> w.queue().equals(name)).findFirst()
          .orElse(new Counts(name, 0, 0, 0, 0, 0));
      rows.add(c);
      sum[0] += c.pending();
      sum[1] += c.inProgress();
      sum[2] += c.processed();
      sum[3] += c.requeued();
      sum[4] += c.errors();
    }
    rows.add(new Counts(NODES, 0, 0, 0, 0, 0));
    rows.add(new Counts("TOTAL", sum[0], sum[1], sum[2], sum[3], sum[4]));
    List<String[]> cells = new ArrayList<>();
    cells.add(HEADER);
    for (Counts c : rows) {
      cells.add(new String[] {c.queue(), Long.toString(c.pending()), Long.toString(c.inProgress()),
          Long.toString(c.processed()), Long.toString(c.requeued()), Long.toString(c.errors()), Long.toString(c.total())});
    }
    int[] widths = new int[HEADER.length];
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    StringBuilder rule = new StringBuilder("+");
    for (int width : widths) {
      rule.append("-".repeat(width + 2)).append('+');
    }
    StringBuilder out = new StringBuilder();
    out.append(rule).append('\n');
    for (int r = 0; r < cells.size(); r++) {
      out.append('|');
      for (int i = 0; i < widths.length; i++) {
        out.append(' ').append(centred(cells.get(r)[i], widths[i])).append(" |");
      }
      out.append('\n');
      if (r == 0) {
        out.append(rule).append('\n');
      }
    }
    return out.append(rule).toString();
  }

  /** Centred as tabulate pads: the odd space goes to the right. */
  private static String centred(String text, int width) {
    int left = (width - text.length()) / 2;
    return " ".repeat(left) + text + " ".repeat(width - text.length() - left);
  }
}
