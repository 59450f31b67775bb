package ovload.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import ovload.recording.ServerTiming;

/**
 * What one adapter call came to, before timing: the fields of a request event that the adapter
 * knows (status code, exception type, message, command), the result to read task ids from, and
 * what the server said of its own time (null when the adapter cannot see it: cli-subprocess).
 */
public record AdapterResult(
    boolean success,
    Integer statusCode,
    String exceptionType,
    String errorMessage,
    JsonNode result,
    String command,
    ServerTiming timing) {

  public static AdapterResult ok(Integer statusCode, JsonNode result, String command) {
    return new AdapterResult(true, statusCode, null, null, result, command, null);
  }

  public static AdapterResult failed(
      Integer statusCode, String exceptionType, String errorMessage, String command) {
    return new AdapterResult(false, statusCode, exceptionType, errorMessage, null, command, null);
  }

  public AdapterResult withTiming(ServerTiming serverTiming) {
    return new AdapterResult(success, statusCode, exceptionType, errorMessage, result, command, serverTiming);
  }
}
