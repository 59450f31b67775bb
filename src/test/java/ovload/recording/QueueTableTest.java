package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The observer table as a real OpenViking 0.5.2 server answered it (recorded, see the resource files). */
class QueueTableTest {
  static String recorded(String name) throws Exception {
    try (InputStream in = QueueTableTest.class.getResourceAsStream("/openviking-0.5.2/" + name)) {
      return new ObjectMapper().readTree(in).path("result").path("status").asText();
    }
  }

  @Test
  void aRecordedRealTableIsReadRowByRow() throws Exception {
    List<QueueTable.Row> rows = QueueTable.parse(recorded("observer_queue_busy.json"));
    assertEquals(List.of("Embedding", "Semantic", "ExternalParse", "AddResource", "Reindex", "ContentWrite",
        "SessionCommit", "ExternalTask", "UserDeletion", "Semantic-Nodes", "TOTAL"), rows.stream().map(QueueTable.Row::queue).toList());
    assertEquals(new QueueTable.Row("Embedding", 1, 2, 54, 0, 0), rows.get(0));
    assertEquals(new QueueTable.Row("Semantic", 0, 2, 12, 0, 0), rows.get(1));
    assertEquals(new QueueTable.Row("AddResource", 1, 2, 5, 0, 0), rows.get(3));
    assertEquals(new QueueTable.Row("ContentWrite", 0, 0, 2, 0, 0), rows.get(5));
    assertEquals(new QueueTable.Row("SessionCommit", 0, 2, 6, 1, 0), rows.get(6));
    assertEquals(new QueueTable.Row("Semantic-Nodes", 0, 1, 0, 0, 0), rows.get(9));
    assertEquals(new QueueTable.Row("TOTAL", 2, 8, 79, 1, 0), rows.get(10));
    assertEquals(3, rows.get(0).open());
    // resources.csv takes the server's TOTAL row, which leaves the semantic tree's nodes out
    assertArrayEquals(new long[] {2, 8, 79, 0}, QueueTable.totals(rows));
  }

  @Test
  void aTableWithoutTotalIsSummedAndMissingColumnsAreMinusOne() {
    List<QueueTable.Row> rows = QueueTable.parse("+---+\n| Queue | Pending | Processed |\n+---+\n| A | 2 | 5 |\n| B | 1 | 4 |\n+---+");
    assertEquals(new QueueTable.Row("A", 2, -1, 5, -1, -1), rows.get(0));
    assertArrayEquals(new long[] {3, -1, 9, -1}, QueueTable.totals(rows));
  }
}
