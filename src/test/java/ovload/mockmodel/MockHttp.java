package ovload.mockmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import ovload.support.Json;
import ovload.tools.MockModelCommand;

/** Raw HTTP to a running mock: the wire format as the OpenAI clients meet it, no client library between. */
final class MockHttp {
  static final ObjectMapper JSON = Json.MAPPER;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String root;

  record Reply(int status, JsonNode body, HttpResponse<String> raw, double millis) {}

  MockHttp(MockModelServer server) {
    this.root = "http://127.0.0.1:" + server.port();
  }

  Reply get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(root + path)).GET());
  }

  Reply post(String path, String json) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(root + path)).header("Content-Type", "application/json")
        .header("Authorization", "Bearer any-key").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A chat request with one user message; {@code extra} is more JSON fields, e.g. {@code ,"stream":true}. */
  Reply chat(String content, String extra) throws Exception {
    return post("/v1/chat/completions", "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
        + JSON.writeValueAsString(content) + "}]" + extra + "}");
  }

  Reply embed(String inputJson, String extra) throws Exception {
    return post("/v1/embeddings", "{\"model\":\"e\",\"input\":" + inputJson + extra + "}");
  }

  private Reply send(HttpRequest.Builder request) throws Exception {
    long start = System.nanoTime();
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    double millis = (System.nanoTime() - start) / 1e6;
    String type = response.headers().firstValue("Content-Type").orElse("");
    JsonNode body = type.startsWith("application/json") ? JSON.readTree(response.body()) : null;
    return new Reply(response.statusCode(), body, response, millis);
  }

  static MockModelServer start(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "--port";
    all[1] = "0";
    System.arraycopy(args, 0, all, 2, args.length);
    return MockModelServer.start(MockModelCommand.parse(all));
  }
}
