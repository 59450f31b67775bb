package ovload.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.support.Json;

class EventRecorderTest {
  @TempDir Path dir;

  private static RequestEvent event(int thread, int i) {
    return new RequestEvent("sdk", "mixed", "find", "2026-11-22T00:00:00.000Z", "2026-11-22T00:00:00.010Z",
        i, 10.0, i % 7 != 0, i % 7 != 0 ? 200 : 503, i % 7 != 0 ? null : "UNAVAILABLE", null, null, null,
        "t" + thread + "-" + i, thread, null);
  }

  @Test
  void rehearsedEventsAreSerialisedButNeitherWrittenNorCounted() throws Exception {
    EventRecorder recorder = new EventRecorder(dir, new WriteFailures());
    CountDownLatch serialised = new CountDownLatch(2);
    recorder.record(event(0, 1));
    recorder.rehearse(() -> {
      serialised.countDown();
      return event(1, 1);
    });
    recorder.rehearse(() -> {
      serialised.countDown();
      return event(1, 2);
    });
    assertTrue(serialised.await(10, java.util.concurrent.TimeUnit.SECONDS), "the writer read the rehearsed events");
    recorder.close();
    List<String> lines = Files.readAllLines(dir.resolve(EventRecorder.REQUEST_EVENTS));
    assertEquals(1, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).contains("\"t0-1\""), lines.get(0));
    assertEquals(1, recorder.requestCount());
  }

  @Test
  void concurrentWritersLoseNothingAndDuplicateNothing() throws Exception {
    int threads = 8;
    int perThread = 5_000;
    EventRecorder recorder = new EventRecorder(dir, new WriteFailures());
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> writers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread writer = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < perThread; i++) {
          recorder.record(event(thread, i));
        }
      });
      writer.start();
      writers.add(writer);
    }
    start.countDown();
    for (Thread writer : writers) {
      writer.join();
    }
    recorder.close();
    recorder.close();
    List<String> lines = Files.readAllLines(dir.resolve(EventRecorder.REQUEST_EVENTS));
    assertEquals(threads * perThread, lines.size());
    assertEquals(threads * perThread, recorder.requestCount());
    Set<String> ids = new HashSet<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : lines) {
      assertTrue(ids.add(json.readTree(line).get("task_id").asText()), "duplicate " + line);
    }
  }

  @Test
  void aDeferredReplyIsReadByTheWriterInOrder() throws Exception {
    String reply = "{\"result\":{},\"telemetry\":{\"summary\":{\"duration_ms\":4.5,\"search\":{\"embed_query\":"
        + "{\"duration_ms\":1.5}},\"tokens\":{\"total\":2}}}}";
    ServerTiming timing = ServerTiming.deferred("0.006", reply);
    assertEquals(6.0, timing.serverMs(), 1e-9);
    assertEquals(null, timing.telemetryMs()); // nothing read yet: the writer reads it
    try (EventRecorder recorder = new EventRecorder(dir, new WriteFailures())) {
      recorder.record(event(1, 1));
      RequestEvent second = event(1, 2);
      recorder.record(() -> second.withServerTiming(timing.read()));
      recorder.record(event(1, 3).withServerTiming(ServerTiming.deferred(null, null).read()));
    }
    List<String> lines = Files.readAllLines(dir.resolve(EventRecorder.REQUEST_EVENTS));
    ObjectMapper json = new ObjectMapper();
    assertEquals(List.of("t1-1", "t1-2", "t1-3"), lines.stream().map(l -> {
      try {
        return json.readTree(l).get("task_id").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList());
    JsonNode read = json.readTree(lines.get(1));
    assertEquals(6.0, read.get("server_ms").asDouble(), 1e-9);
    assertEquals(4.5, read.get("telemetry_ms").asDouble(), 1e-9);
    assertEquals(1.5, read.path("stages_ms").path("embed_query").asDouble(), 1e-9);
    assertEquals(json.readTree("{\"total\":2}"), read.get("tokens"));
    assertEquals(false, json.readTree(lines.get(2)).has("server_ms"), lines.get(2));
  }

  /**
   * A full disk (/dev/full answers every write with ENOSPC) is a named cause, known while the run
   * goes on, not at its end; the other file is still written.
   */
  @Test
  void aFullDiskIsANamedCauseAsItHappens() throws Exception {
    Files.createSymbolicLink(dir.resolve(EventRecorder.REQUEST_EVENTS), Path.of("/dev/full"));
    WriteFailures failures = new WriteFailures();
    try (EventRecorder recorder = new EventRecorder(dir, failures)) {
      for (int i = 0; i < 10; i++) {
        recorder.record(event(1, i));
      }
      recorder.record(new TaskEvent("sdk", "task-1", "session_commit", "session_commit", "sdk:commit_drain",
          "completed", "s-1", 12.5, 3.0, null, null, "2026-11-22T00:00:01.000Z"));
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (failures.causes().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertEquals(List.of("could not write request_events.jsonl: No space left on device"), failures.causes(),
          "said during the run");
      recorder.record(event(1, 11));
    }
    assertEquals(List.of("could not write request_events.jsonl: No space left on device"), failures.causes(), "said once");
    assertEquals(1, Files.readAllLines(dir.resolve(EventRecorder.TASK_EVENTS)).size(), "the task events are written");
  }

  /**
   * The hand-written line is the mapper's, byte for byte: every field, nulls, escapes, numbers that
   * are no finite double, the optional fields absent and present, a stage whose time is null.
   */
  @Test
  void requestLinesAreTheMappersByteForByte() throws Exception {
    Map<String, Double> stages = new LinkedHashMap<>();
    stages.put("embed_query", 1.5);
    stages.put("vector \"search\"", null);
    stages.put("rerank", 1e-7);
    List<RequestEvent> events = List.of(
        event(1, 7),
        event(2, 14),
        new RequestEvent("cli-http", "mixed", "add_message", "2026-11-22T00:00:00.000Z", "2026-11-22T00:00:01.999Z",
            Double.NaN, Double.POSITIVE_INFINITY, false, null, "TimeoutError", "quote \" backslash \\ tab \t nl \n \u0001 é 漢 😀",
            "s-\u2028", "viking://resources/a b", null, null, "ov find \"x\"", 1234567.891, 0.0, -0.0, stages,
            "{\"total\":2,\"llm\":{\"in\":1}}", 3),
        new RequestEvent("sdk", "retrieval", "find", "a", "b", 1e21, 123456789012.5, true, 200, null, null, null, null,
            null, 0, null, null, 4.25, 12.0, Map.of(), null, null),
        event(3, 1).withServerTiming(new ServerTiming(0.001, null, null, null, Integer.MAX_VALUE, null)));
    try (EventRecorder recorder = new EventRecorder(dir, new WriteFailures())) {
      events.forEach(recorder::record);
    }
    byte[] written = Files.readAllBytes(dir.resolve(EventRecorder.REQUEST_EVENTS));
    StringBuilder expected = new StringBuilder();
    for (RequestEvent e : events) {
      // as bytes: the mapper's UTF-8 generator, the kind the file has (it escapes a surrogate pair)
      expected.append(new String(Json.MAPPER.writeValueAsBytes(e), StandardCharsets.UTF_8)).append('\n');
    }
    assertEquals(expected.toString(), new String(written, StandardCharsets.UTF_8));
    assertTrue(expected.toString().contains("\"tokens\":{\"total\":2"), "the raw tokens are in the line");
  }

  @Test
  void linesCarryTheSpecsFieldsInTheSpecsOrder() throws Exception {
    try (EventRecorder recorder = new EventRecorder(dir, new WriteFailures())) {
      recorder.record(event(1, 7));
      recorder.record(new TaskEvent("cli-http", "task-1", "session_commit", "session_commit", "cli-http:commit_drain",
          "completed", "s-1", 12.5, 3.0, null, null, "2026-11-22T00:00:01.000Z"));
    }
    JsonNode request = new ObjectMapper().readTree(Files.readAllLines(dir.resolve(EventRecorder.REQUEST_EVENTS)).get(0));
    List<String> fields = new ArrayList<>();
    request.fieldNames().forEachRemaining(fields::add);
    assertEquals(List.of("adapter", "scenario", "operation", "started_at", "ended_at", "elapsed_ms_since_run_start",
        "latency_ms", "success", "status_code", "exception_type", "error_message", "session_id", "resource_uri",
        "task_id", "worker_id", "command"), fields);
    assertTrue(request.get("error_message").isNull());
    JsonNode task = new ObjectMapper().readTree(Files.readAllLines(dir.resolve(EventRecorder.TASK_EVENTS)).get(0));
    List<String> taskFields = new ArrayList<>();
    task.fieldNames().forEachRemaining(taskFields::add);
    assertEquals(List.of("adapter", "task_id", "task_type", "origin_scenario", "completion_scenario", "status",
        "resource_id", "local_duration_ms", "server_duration_ms", "error_message", "result", "polled_at"), taskFields);
  }
}
