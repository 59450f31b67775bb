package ovload.report.render;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.support.PythonFormat;

/** Markdown tables as the script draws them: columns of the first row, {@code n/a} for missing cells. */
final class MarkdownTable {
  private MarkdownTable() {}

  static String of(List<Map<String, Object>> rows, String empty) {
    if (rows.isEmpty()) {
      return empty;
    }
    List<String> columns = new ArrayList<>(rows.get(0).keySet());
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", columns)).append(" |\n");
    out.append("| ").append(String.join(" | ", columns.stream().map(c -> "---").toList())).append(" |");
    for (Map<String, Object> row : rows) {
      out.append("\n| ");
      List<String> cells = new ArrayList<>();
      for (String column : columns) {
        cells.add(PythonFormat.str(row.get(column), "n/a").replace("|", "\\|").replace("\n", " "));
      }
      out.append(String.join(" | ", cells)).append(" |");
    }
    return out.toString();
  }

  static Map<String, Object> pick(Map<String, Object> row, String... columns) {
    Map<String, Object> picked = new LinkedHashMap<>();
    for (String column : columns) {
      picked.put(column, row.get(column));
    }
    return picked;
  }
}
