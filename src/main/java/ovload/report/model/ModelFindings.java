package ovload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import ovload.recording.ModelStatsFile;
import ovload.support.Json;
import ovload.support.PythonFormat;

/**
 * What the mock model provider saw during a run ({@code model_stats.json}): per endpoint, calls,
 * injected errors, tokens and model time; and the model time per second of the run, the average
 * number of model calls the server was waiting on.
 */
public record ModelFindings(List<Endpoint> endpoints, double runSeconds) {
  record Endpoint(String name, long calls, long errorsInjected, long inputTokens, long outputTokens, long modelTimeMs,
      Double latencyP95Ms) {}

  /** Null when the run has no model stats (no {@code -DmodelStatsUrl}). */
  public static ModelFindings read(Path runDir, double runSeconds) throws IOException {
    Path file = runDir.resolve(ModelStatsFile.FILE);
    if (!Files.exists(file)) {
      return null;
    }
    List<Endpoint> endpoints = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> fields = Json.MAPPER.readTree(file.toFile()).fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> f = fields.next();
      JsonNode e = f.getValue();
      if (e.path("calls").asLong() > 0) {
        endpoints.add(new Endpoint(f.getKey(), e.path("calls").asLong(), e.path("errors_injected").asLong(),
            e.path("input_tokens").asLong(), e.path("output_tokens").asLong(), e.path("model_time_ms").asLong(),
            e.path("latency_p95_ms").isNumber() ? e.path("latency_p95_ms").asDouble() : null));
      }
    }
    return new ModelFindings(endpoints, runSeconds);
  }

  long modelTimeMs() {
    return endpoints.stream().mapToLong(Endpoint::modelTimeMs).sum();
  }

  /** Model-seconds per second of the run: how many model calls were in progress on average. */
  double modelConcurrency() {
    return runSeconds <= 0 ? 0 : modelTimeMs() / 1000.0 / runSeconds;
  }

  public String line() {
    if (endpoints.isEmpty()) {
      return "- Model provider: no model calls during the run (`" + ModelStatsFile.FILE + "`).";
    }
    List<String> parts = new ArrayList<>();
    for (Endpoint e : endpoints) {
      parts.add(e.name() + " " + e.calls() + " calls" + (e.errorsInjected() > 0 ? " (" + e.errorsInjected() + " injected errors)" : "")
          + ", " + (e.inputTokens() + e.outputTokens()) + " tokens, " + PythonFormat.fixed(e.modelTimeMs() / 1000.0, 1)
          + " s model time" + (e.latencyP95Ms() == null ? "" : ", p95 " + PythonFormat.fixed(e.latencyP95Ms(), 1) + " ms"));
    }
    return "- Model provider (mock): " + String.join("; ", parts) + ". In all " + PythonFormat.fixed(modelTimeMs() / 1000.0, 1)
        + " s of model time in " + PythonFormat.fixed(runSeconds, 1) + " s of run: on average "
        + PythonFormat.fixed(modelConcurrency(), 2) + " model calls in progress (`" + ModelStatsFile.FILE + "`).";
  }
}
