package ovload.recording;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code server_queues.csv}: every queue of the server's observer table at each sample, one row per
 * queue (the TOTAL row is left out: it is the sum of the others). A count the table does not have
 * is an empty cell.
 */
public final class ServerQueuesFile implements AutoCloseable {
  public static final String FILE = "server_queues.csv";
  public static final String HEADER = "elapsed_sec,timestamp,queue,pending,in_progress,processed,requeued,errors";

  private final CsvLog out;

  public ServerQueuesFile(Path runDir) throws IOException {
    out = new CsvLog(runDir.resolve(FILE), HEADER);
    out.flush();
  }

  /** One sample: a row per queue, flushed so that a run cut short keeps its samples. */
  public synchronized void write(String elapsedSec, String timestamp, List<QueueTable.Row> rows) throws IOException {
    for (QueueTable.Row row : rows) {
      if (row.queue().equals(QueueTable.TOTAL)) {
        continue;
      }
      out.row(elapsedSec, timestamp, row.queue().replace(',', ' '), count(row.pending()), count(row.inProgress()),
          count(row.processed()), count(row.requeued()), count(row.errors()));
    }
    out.flush();
  }

  /** A count, or null (an empty cell) when the table had none. */
  static Long count(long value) {
    return value < 0 ? null : value;
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
