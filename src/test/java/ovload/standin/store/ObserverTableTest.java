package ovload.standin.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovload.recording.QueueTable;
import ovload.support.Json;

class ObserverTableTest {
  @Test
  void theStandInRendersTheRealServersTableCharacterForCharacter() throws Exception {
    String real;
    try (InputStream in = getClass().getResourceAsStream("/openviking-0.5.2/observer_queue_settled.json")) {
      real = Json.MAPPER.readTree(in).path("result").path("status").asText();
    }
    List<ObserverTable.Counts> counts = new ArrayList<>();
    for (QueueTable.Row row : QueueTable.parse(real)) {
      if (ObserverTable.QUEUES.contains(row.queue())) {
        counts.add(new ObserverTable.Counts(row.queue(), row.pending(), row.inProgress(), row.processed(),
            row.requeued(), row.errors()));
      }
    }
    assertEquals(real, ObserverTable.render(counts));
  }

  @Test
  void queuesTheStandInDoesNotWorkShowZerosAndTotalSumsTheRest() {
    List<QueueTable.Row> rows = QueueTable.parse(ObserverTable.render(List.of(
        new ObserverTable.Counts("SessionCommit", 472, 0, 10574, 10055, 0),
        new ObserverTable.Counts("AddResource", 3, 1, 7, 0, 2))));
    assertEquals(11, rows.size());
    assertEquals(new QueueTable.Row("Embedding", 0, 0, 0, 0, 0), rows.get(0));
    assertEquals(new QueueTable.Row("AddResource", 3, 1, 7, 0, 2), rows.get(3));
    assertEquals(new QueueTable.Row("SessionCommit", 472, 0, 10574, 10055, 0), rows.get(6));
    assertEquals(new QueueTable.Row("TOTAL", 475, 1, 10581, 10055, 2), rows.get(10));
  }
}
