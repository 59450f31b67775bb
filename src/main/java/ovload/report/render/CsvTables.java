package ovload.report.render;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import ovload.support.PythonFormat;

/**
 * The spec's CSV files as the script's {@code csv.DictWriter} writes them, from records: the columns
 * are the records' JSON properties ({@link Rows}), then a header, CRLF line ends, Python's number text,
 * empty cells for missing values, and an empty file when there are no rows. commons-csv prints the
 * records; the quoting is Python's own rule (a cell is quoted only when it holds a comma, a quote or
 * a line break), applied here, because commons-csv's minimal mode also quotes cells that start with a
 * space or {@code #}, end with a space, or are an empty first cell, which would change the bytes.
 */
public final class CsvTables {
  /** No quote character of its own: {@link #cell} has quoted each cell already. */
  private static final CSVFormat PYTHON = CSVFormat.DEFAULT.builder().setQuote(null).setRecordSeparator("\r\n").build();

  private CsvTables() {}

  public static void write(Path file, List<?> records) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter csv = new CSVPrinter(out, PYTHON)) {
      List<String> columns = null;
      for (Map<String, Object> row : Rows.of(records)) {
        if (columns == null) {
          columns = List.copyOf(row.keySet());
          csv.printRecord(columns.stream().map(CsvTables::cell).toList());
        }
        List<String> cells = new ArrayList<>(columns.size());
        for (String column : columns) {
          cells.add(cell(PythonFormat.str(row.get(column), "")));
        }
        csv.printRecord(cells);
      }
    }
  }

  /** Python's {@code csv.QUOTE_MINIMAL}. */
  public static String cell(String value) {
    boolean quote = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0;
    return quote ? '"' + value.replace("\"", "\"\"") + '"' : value;
  }
}
