package ovload.recording;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * A CSV file of the run folder written a row at a time while the run goes on ({@code resources.csv},
 * {@code server_queues.csv}, {@code gc_pauses.csv}): the header first, rows as they come, each line
 * ending in {@code \n}; rows reach the disk when the caller flushes, so a run cut short keeps them.
 */
public final class CsvLog implements AutoCloseable {
  /** The format of these files, for whoever reads or rewrites them. */
  public static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").build();

  private final CSVPrinter out;

  /** @param header the column names, comma-separated */
  CsvLog(Path file, String header) throws IOException {
    out = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), FORMAT);
    out.printRecord((Object[]) header.split(","));
  }

  /** One row; a null cell is empty. */
  void row(Object... cells) throws IOException {
    out.printRecord(cells);
  }

  void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
