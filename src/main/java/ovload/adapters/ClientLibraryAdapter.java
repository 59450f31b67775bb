package ovload.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.nio.file.Path;
import java.util.function.Supplier;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingApiException;
import ovload.client.OpenVikingClient;
import ovload.client.OpenVikingTimeoutException;
import ovload.client.OpenVikingTransportException;
import ovload.model.ErrorText;
import ovload.recording.ServerTiming;

/**
 * The cli-http adapter: the project's Java client library (the CLI's HTTP layer), one shared
 * instance as the script's shared client. An error envelope keeps its HTTP status and code. Each
 * call's result carries the server's own time: the client reports every reply on the calling thread,
 * so a thread-local collects the replies of the call in progress (two for add_resource).
 */
public final class ClientLibraryAdapter implements BlockingAdapter {
  private final OpenVikingClient client;
  private final ThreadLocal<ServerTiming> replies = new ThreadLocal<>();

  /** @param telemetry whether find, search, add_message and commit ask for the server's telemetry */
  public ClientLibraryAdapter(ClientSettings settings, boolean telemetry) {
    this.client = new OpenVikingClient(settings, telemetry, this::replied);
  }

  private void replied(HttpHeaders headers, JsonNode body) {
    ServerTiming reply = ServerTiming.of(headers.firstValue(ServerTiming.HEADER).orElse(null),
        body == null ? null : body.get("telemetry"));
    replies.set(reply.after(replies.get()));
  }

  @Override
  public String name() {
    return "cli-http";
  }

  @Override
  public AdapterResult health() {
    return call(client::health);
  }

  @Override
  public AdapterResult systemStatus() {
    return call(() -> client.observer("system"));
  }

  @Override
  public AdapterResult observerQueue() {
    return call(() -> client.observer("queue"));
  }

  @Override
  public AdapterResult addResource(Path file, String to, String reason) {
    return call(() -> client.addResource(file, to, reason, false, null));
  }

  @Override
  public AdapterResult waitProcessed(double timeoutSeconds) {
    return call(() -> client.waitProcessed(timeoutSeconds));
  }

  @Override
  public AdapterResult find(String query, String targetUri, int limit) {
    return call(() -> client.find(query, targetUri, limit));
  }

  @Override
  public AdapterResult search(String query, String targetUri, String sessionId, int limit) {
    return call(() -> client.search(query, targetUri, sessionId, limit));
  }

  @Override
  public AdapterResult grep(String uri, String pattern, int limit) {
    return call(() -> client.grep(uri, pattern, false, limit));
  }

  @Override
  public AdapterResult glob(String uri, String pattern, int limit) {
    return call(() -> client.glob(pattern, uri, limit));
  }

  @Override
  public AdapterResult addMessage(String sessionId, String role, String content) {
    return call(() -> client.addMessage(sessionId, role, content));
  }

  @Override
  public AdapterResult commitSession(String sessionId) {
    return call(() -> client.commitSession(sessionId));
  }

  @Override
  public AdapterResult getTask(String taskId) {
    return call(() -> client.getTask(taskId));
  }

  @Override
  public void close() {
    client.close();
  }

  private AdapterResult call(Supplier<JsonNode> request) {
    replies.remove();
    try {
      return outcome(request).withTiming(replies.get());
    } finally {
      replies.remove();
    }
  }

  private static AdapterResult outcome(Supplier<JsonNode> request) {
    try {
      return AdapterResult.ok(null, request.get(), null);
    } catch (OpenVikingApiException e) {
      return AdapterResult.failed(e.httpStatus(), e.code(), ErrorText.truncate(e.getMessage()), null);
    } catch (OpenVikingTimeoutException e) {
      return AdapterResult.failed(null, "TimeoutError", ErrorText.truncate(e.getMessage()), null);
    } catch (OpenVikingTransportException e) {
      return AdapterResult.failed(null, "ConnectionError", ErrorText.truncate(e.getMessage()), null);
    }
  }
}
