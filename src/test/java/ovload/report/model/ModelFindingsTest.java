package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.mockmodel.MockModelServer;
import ovload.recording.ModelStatsFile;
import ovload.tools.MockModelCommand;

/** The mock provider's counters over a run: reset at its start, saved at its end, summarised in the report. */
class ModelFindingsTest {
  @TempDir Path dir;

  private static void embed(HttpClient http, String base) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/embeddings"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"input\":\"three little words\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void theRunsCallsAloneAreSavedAndSummarised() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    try (MockModelServer mock = MockModelServer.start(MockModelCommand.parse("--port", "0", "--latency-ms", "20"))) {
      embed(http, mock.baseUrl());
      ModelStatsFile stats = new ModelStatsFile("http://127.0.0.1:" + mock.port() + "/mock/stats");
      stats.reset();
      embed(http, mock.baseUrl());
      embed(http, mock.baseUrl());
      stats.save(dir);
    }
    assertTrue(Files.exists(dir.resolve(ModelStatsFile.FILE)));
    ModelFindings findings = ModelFindings.read(dir, 2.0);
    assertEquals(1, findings.endpoints().size(), "endpoints without calls are left out");
    ModelFindings.Endpoint e = findings.endpoints().get(0);
    assertEquals("embeddings", e.name());
    assertEquals(2, e.calls(), "the call before the reset is not counted");
    assertEquals(6, e.inputTokens());
    assertTrue(e.modelTimeMs() >= 40 && e.modelTimeMs() < 80, "two 20 ms calls: " + e.modelTimeMs());
    assertEquals(e.modelTimeMs() / 1000.0 / 2.0, findings.modelConcurrency(), 1e-12);
    assertTrue(findings.line().startsWith("- Model provider (mock): embeddings 2 calls, 6 tokens"), findings.line());
  }

  @Test
  void aFixedFileGivesTheModelTimePerSecondOfRun() throws Exception {
    Files.writeString(dir.resolve(ModelStatsFile.FILE), "{\"embeddings\":{\"calls\":10,\"errors_injected\":1,"
        + "\"input_tokens\":100,\"output_tokens\":0,\"model_time_ms\":1500,\"latency_p95_ms\":180.5},"
        + "\"chat\":{\"calls\":3,\"errors_injected\":0,\"input_tokens\":30,\"output_tokens\":12,\"model_time_ms\":1500,"
        + "\"latency_p95_ms\":600.0},\"chat_stream\":{\"calls\":0,\"model_time_ms\":0}}");
    ModelFindings findings = ModelFindings.read(dir, 6.0);
    assertEquals(3000, findings.modelTimeMs());
    assertEquals(0.5, findings.modelConcurrency(), 1e-12);
    assertEquals("- Model provider (mock): embeddings 10 calls (1 injected errors), 100 tokens, 1.5 s model time, p95 180.5 ms; "
        + "chat 3 calls, 42 tokens, 1.5 s model time, p95 600.0 ms. In all 3.0 s of model time in 6.0 s of run: on average "
        + "0.50 model calls in progress (`model_stats.json`).", findings.line());
    assertNull(ModelFindings.read(dir.resolve("nothing-here"), 1));
  }
}
