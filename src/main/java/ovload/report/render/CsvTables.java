package ovload.report.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import ovload.support.PythonFormat;

/**
 * The spec's CSV files as the script's {@code csv.DictWriter} writes them: a header, CRLF line ends,
 * Python's number text, empty cells for missing values, an empty file when there are no rows, and
 * Python's quoting rule (a cell is quoted only when it holds a comma, a quote or a line break).
 * commons-csv's minimal mode also quotes cells that start with a space or {@code #} and an empty
 * first cell, which would change the bytes, so the few lines here write the rows.
 */
public final class CsvTables {
  private CsvTables() {}

  public static void write(Path file, String[] columns, List<Map<String, Object>> rows) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (rows.isEmpty()) {
        return;
      }
      line(out, List.of(columns));
      for (Map<String, Object> row : rows) {
        line(out, java.util.Arrays.stream(columns).map(c -> PythonFormat.str(row.get(c), "")).toList());
      }
    }
  }

  private static void line(Writer out, List<String> cells) throws IOException {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(cell(cells.get(i)));
    }
    out.write("\r\n");
  }

  public static String cell(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
