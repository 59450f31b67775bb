package ovload.standin.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * One request as a handler sees it: who asks, the path's captured segments, the query, the JSON
 * body (null when absent or multipart), the uploaded file (temp_upload only) and the telemetry
 * collector ({@link OperationTelemetry#asked()} false unless the body asked for it).
 */
public record Call(Identity id, Matcher path, Query query, JsonNode json, Multipart upload,
    OperationTelemetry telemetry) {

  /** The path segment the route's pattern captured in {@code group}. */
  public String pathParam(int group) {
    return path.group(group);
  }

  /** The body of a route whose model forbids fields other than {@code allowed}. */
  public Body body(Set<String> allowed) {
    return Body.of(json, allowed);
  }

  /** The body of a route whose model ignores unknown fields; it must be there. */
  public Body lenientBody() {
    return Body.lenient(json);
  }

  /** The body of a route that may be called without one. */
  public Body optionalBody() {
    return Body.optional(json);
  }
}
