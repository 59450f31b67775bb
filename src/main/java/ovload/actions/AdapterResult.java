package ovload.actions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What one adapter call came to, before timing: the fields of a request event that the adapter
 * knows (status code, exception type, message, command) and the result to read task ids from.
 */
public record AdapterResult(
    boolean success,
    Integer statusCode,
    String exceptionType,
    String errorMessage,
    JsonNode result,
    String command) {

  public static AdapterResult ok(Integer statusCode, JsonNode result, String command) {
    return new AdapterResult(true, statusCode, null, null, result, command);
  }

  public static AdapterResult failed(
      Integer statusCode, String exceptionType, String errorMessage, String command) {
    return new AdapterResult(false, statusCode, exceptionType, errorMessage, null, command);
  }
}
