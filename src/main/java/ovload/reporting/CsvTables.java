package ovload.reporting;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The spec's CSV files as the script's {@code csv.DictWriter} writes them: a header, CRLF line ends,
 * quotes only where needed, Python's number text, empty cells for missing values, and an empty
 * file when there are no rows.
 */
final class CsvTables {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setQuoteMode(QuoteMode.MINIMAL)
      .setRecordSeparator("\r\n")
      .build();

  private CsvTables() {}

  static void write(Path file, String[] columns, List<Map<String, Object>> rows) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      if (rows.isEmpty()) {
        return;
      }
      try (CSVPrinter csv = new CSVPrinter(out, FORMAT)) {
        csv.printRecord((Object[]) columns);
        for (Map<String, Object> row : rows) {
          for (String column : columns) {
            csv.print(PythonFormat.str(row.get(column), ""));
          }
          csv.println();
        }
      }
    }
  }
}
