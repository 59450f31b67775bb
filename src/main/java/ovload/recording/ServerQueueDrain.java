package ovload.recording;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code server_queue_drain.json}: with {@code -DdrainServerQueues=true}, after the tracked tasks'
 * final drain the run waits (up to the drain timeout) for the server's own queues to empty, polling
 * the queue observer once a second, and records how long that took.
 *
 * @param emptied whether every queue showed nothing pending or in progress before the timeout
 * @param waitedSeconds from the start of the wait until the observer showed them empty, or until
 *     the timeout
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServerQueueDrain(double timeoutSeconds, double waitedSeconds, boolean emptied) {
  public static final String FILE = "server_queue_drain.json";
  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
  private static final long POLL_MILLIS = 1000;

  /** Polls the observer's table until every queue is empty or the timeout passes. */
  public static ServerQueueDrain await(Supplier<String> observerTable, RunClock clock, double timeoutSeconds)
      throws InterruptedException {
    long start = clock.nanos();
    long deadline = start + (long) (timeoutSeconds * 1e9);
    while (true) {
      List<QueueTable.Row> rows = QueueTable.parse(observerTable.get());
      long now = clock.nanos();
      if (!rows.isEmpty() && rows.stream().allMatch(r -> r.open() == 0)) {
        return new ServerQueueDrain(timeoutSeconds, (now - start) / 1e9, true);
      }
      if (now >= deadline) {
        return new ServerQueueDrain(timeoutSeconds, (now - start) / 1e9, false);
      }
      Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (deadline - now) / 1_000_000)));
    }
  }

  public void write(Path runDir) throws IOException {
    JSON.writerWithDefaultPrettyPrinter().writeValue(runDir.resolve(FILE).toFile(), this);
  }

  /** Null when the run did not wait for the server's queues. */
  public static ServerQueueDrain read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE);
    return Files.exists(file) ? JSON.readValue(file.toFile(), ServerQueueDrain.class) : null;
  }
}
