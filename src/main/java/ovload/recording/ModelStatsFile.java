package ovload.recording;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code model_stats.json}: the mock model provider's counters over one run (calls, tokens, model
 * time), so that the report can say how much of the server's work was waiting for a model. The
 * counters are reset when the run begins and read when its load ends.
 */
public final class ModelStatsFile {
  public static final String FILE = "model_stats.json";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI stats;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  public ModelStatsFile(String statsUrl) {
    this.stats = URI.create(statsUrl);
  }

  public void reset() throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(URI.create(stats + "/reset")).POST(HttpRequest.BodyPublishers.noBody()), null);
  }

  public void save(Path runDir) throws IOException, InterruptedException {
    send(HttpRequest.newBuilder(stats).GET(), runDir.resolve(FILE));
  }

  private void send(HttpRequest.Builder request, Path file) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException(request.build().method() + " " + response.uri() + " answered " + response.statusCode());
    }
    if (file != null) {
      java.nio.file.Files.writeString(file, response.body());
    }
  }
}
