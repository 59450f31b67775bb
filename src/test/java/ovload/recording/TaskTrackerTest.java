package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.model.ErrorText;

class TaskTrackerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void tasksEndOnATerminalStatusAndTheRestBecomeTheBacklog() throws Exception {
    EventRecorder recorder = new EventRecorder(dir, new WriteFailures());
    TaskTracker tracker = new TaskTracker(recorder, new RunClock());
    tracker.register("sdk", "a", "add_resource", "add_resources", "viking://resources/x/a.md");
    tracker.register("sdk", "b", "session_commit", "session_commit", "s-1");
    tracker.register("cli-http", "c", "session_commit", "mixed", "s-2");
    assertEquals(List.of("a", "b"), tracker.pendingIds("sdk"));

    tracker.onPolled("sdk", "a", JSON.readTree("{\"status\":\"running\"}"), "sdk:resource_drain");
    assertEquals(3, tracker.pendingCount(), "running is not terminal");
    tracker.onPolled("sdk", "a", JSON.readTree(
        "{\"task_id\":\"a\",\"status\":\"completed\",\"created_at\":100.25,\"updated_at\":101.5,\"result\":{\"chunks\":3}}"),
        "sdk:resource_drain");
    tracker.onPolled("sdk", "b", JSON.readTree(
        "{\"status\":\"failed\",\"created_at\":10,\"updated_at\":9,\"error\":\"extraction failed\"}"), "sdk:commit_drain");
    assertFalse(tracker.hasPending("sdk"));
    assertTrue(tracker.hasPending("cli-http"));
    tracker.finalizeIncomplete("final_drain");
    assertEquals(0, tracker.pendingCount());
    recorder.close();

    List<String> lines = Files.readAllLines(dir.resolve(EventRecorder.TASK_EVENTS));
    assertEquals(3, lines.size());
    JsonNode completed = JSON.readTree(lines.get(0));
    assertEquals("completed", completed.get("status").asText());
    assertEquals(1250.0, completed.get("server_duration_ms").asDouble(), 1e-9);
    assertEquals("sdk:resource_drain", completed.get("completion_scenario").asText());
    assertEquals("add_resources", completed.get("origin_scenario").asText());
    assertEquals(3, completed.get("result").get("chunks").asInt());
    JsonNode failed = JSON.readTree(lines.get(1));
    assertEquals("failed", failed.get("status").asText());
    assertEquals(0.0, failed.get("server_duration_ms").asDouble(), "clock skew never gives a negative duration");
    assertEquals("extraction failed", failed.get("error_message").asText());
    JsonNode incomplete = JSON.readTree(lines.get(2));
    assertEquals("incomplete", incomplete.get("status").asText());
    assertEquals("final_drain", incomplete.get("completion_scenario").asText());
    assertTrue(incomplete.get("server_duration_ms").isNull());
    assertEquals("task not completed before benchmark end", incomplete.get("error_message").asText());
  }

  @Test
  void errorTextIsCutAt800Characters() {
    String longText = "x".repeat(1000);
    assertEquals("x".repeat(800) + "...[truncated]", ErrorText.truncate(longText));
    assertEquals("short", ErrorText.truncate("short"));
  }
}
