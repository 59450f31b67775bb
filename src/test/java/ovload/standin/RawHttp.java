package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import ovload.support.Json;

/** The wire format as bytes: raw requests to the stand-in, no client library in between. */
final class RawHttp {
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final String base;
  private final String key;
  private final String account;
  private final String user;

  record Reply(int status, JsonNode body, HttpResponse<String> raw) {
    JsonNode result() {
      return body.get("result");
    }

    String code() {
      return body.path("error").path("code").asText();
    }
  }

  RawHttp(String base, String key, String account) {
    this(base, key, account, "u");
  }

  RawHttp(String base, String key, String account, String user) {
    this.base = base;
    this.key = key;
    this.account = account;
    this.user = user;
  }

  RawHttp as(String otherAccount) {
    return new RawHttp(base, key, otherAccount);
  }

  Reply get(String path) throws Exception {
    return send(builder(path).GET());
  }

  Reply delete(String path) throws Exception {
    return send(builder(path).DELETE());
  }

  Reply post(String path, String json) throws Exception {
    return send(builder(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  Reply upload(String fileName, String content) throws Exception {
    String boundary = "ovloadtestboundary";
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
        + "\"\r\nContent-Type: text/markdown\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
    return send(builder("/api/v1/resources/temp_upload")
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
    if (key != null) {
      b.header("X-API-Key", key);
    }
    if (account != null) {
      b.header("X-OpenViking-Account", account).header("X-OpenViking-User", user);
    }
    return b;
  }

  Reply send(HttpRequest.Builder request) throws Exception {
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonNode body = response.body().isEmpty() ? null : Json.MAPPER.readTree(response.body());
    return new Reply(response.statusCode(), body, response);
  }

  /**
   * Uploads and adds one Markdown resource with {@code to = uri}, named after the last segment of
   * {@code uri}: the file lands at {@code <uri>/<that name>}. Returns the add_resource result.
   */
  JsonNode addResource(String uri, String content, boolean wait) throws Exception {
    return addResource(uri, content, wait, null);
  }

  /** As {@link #addResource(String, String, boolean)}, with a {@code reason} (null: none). */
  JsonNode addResource(String uri, String content, boolean wait, String reason) throws Exception {
    String name = uri.substring(uri.lastIndexOf('/') + 1);
    String temp = upload(name, content).result().get("temp_file_id").asText();
    Reply r = post("/api/v1/resources", "{\"temp_file_id\":\"" + temp + "\",\"to\":\"" + uri
        + (reason == null ? "" : "\",\"reason\":\"" + reason)
        + "\",\"wait\":" + wait + ",\"strict\":false,\"source_name\":\"" + name + "\"}");
    if (r.status() != 200) {
      throw new AssertionError("add_resource failed: " + r.raw().body());
    }
    return r.result();
  }
}
