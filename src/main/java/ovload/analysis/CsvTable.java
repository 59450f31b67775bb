package ovload.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file of the analysis tools ({@code aggregate.csv}, {@code comparison.csv}, {@code sweep.csv}):
 * each column named beside the way a row fills it, so that the header and the cells cannot drift apart.
 *
 * @param <T> the record a line is written from
 */
public record CsvTable<T>(List<Column<T>> columns) {
  /** A column: its header and its cell of a row (null is an empty cell). */
  public record Column<T>(String name, Function<? super T, ?> value) {}

  /** The header, then a line per row, as commons-csv writes them by default. */
  public void write(Path file, Iterable<? extends T> rows) throws IOException {
    try (CSVPrinter csv = new CSVPrinter(Files.newBufferedWriter(file), CSVFormat.DEFAULT)) {
      csv.printRecord(columns.stream().map(Column::name).toList());
      for (T row : rows) {
        csv.printRecord(columns.stream().map(c -> c.value().apply(row)).toList());
      }
    }
  }
}
