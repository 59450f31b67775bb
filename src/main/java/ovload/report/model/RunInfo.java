package ovload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What the reports need from {@code run_config.json}; tolerant of a missing or partial file. */
public record RunInfo(String runId, String serverUrl, List<String> adapters, String dataRootUri, String outputDir,
    double requestWindowSeconds, JsonNode config) {

  public static RunInfo of(JsonNode config, String folderName, String outputDir) {
    List<String> adapters = new ArrayList<>();
    config.path("adapters").forEach(a -> adapters.add(a.asText()));
    return new RunInfo(
        config.path("run_id").asText(folderName),
        config.path("server_url").asText("n/a"),
        adapters,
        config.path("data_root_uri").asText("n/a"),
        outputDir,
        config.path("request_window_seconds").asDouble(5.0),
        config);
  }

  /** cli-subprocess ran this project's Java {@code bin/ov}, not OpenViking's {@code ov} (run_config's {@code ov_cli}). */
  public boolean projectCliRan() {
    return adapters.contains("cli-subprocess") && config.path("ov_cli").path("project_cli").asBoolean(false);
  }

  /** The {@code ov} that cli-subprocess ran, as recorded. */
  public String ovCliPath() {
    return config.path("ov_cli").path("path").asText(config.path("ov_bin").asText("ov"));
  }
}
