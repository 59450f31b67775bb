package ovload.recording;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the fields the suite needs out of OpenViking results (task records, add/commit replies). */
public final class TaskRecords {
  private TaskRecords() {}

  /** {@code task_id} of an add_resource or commit result (also nested under result or task). */
  public static String taskId(JsonNode value) {
    if (value == null || !value.isObject()) {
      return null;
    }
    JsonNode id = value.get("task_id");
    if (id != null && id.isTextual() && !id.asText().isEmpty()) {
      return id.asText();
    }
    for (String key : new String[] {"result", "task"}) {
      String nested = taskId(value.get(key));
      if (nested != null) {
        return nested;
      }
    }
    return null;
  }

  public static String rootUri(JsonNode value) {
    if (value == null || !value.isObject()) {
      return null;
    }
    for (String key : new String[] {"root_uri", "uri", "resource_id"}) {
      JsonNode v = value.get(key);
      if (v != null && v.isTextual() && !v.asText().isEmpty()) {
        return v.asText();
      }
    }
    return null;
  }

  public static String status(JsonNode task) {
    if (task == null || !task.isObject()) {
      return null;
    }
    JsonNode status = task.get("status");
    if (status != null && status.isTextual()) {
      return status.asText();
    }
    JsonNode nested = task.get("task");
    return nested != null && nested.isObject() ? status(nested) : null;
  }

  /** Server-side duration, {@code updated_at - created_at} (epoch seconds), in ms. */
  public static Double serverDurationMs(JsonNode task) {
    JsonNode created = task.get("created_at");
    JsonNode updated = task.get("updated_at");
    if (created == null || updated == null || !created.isNumber() || !updated.isNumber()) {
      return null;
    }
    return Math.max(updated.asDouble() - created.asDouble(), 0.0) * 1000.0;
  }

  public static String error(JsonNode task) {
    JsonNode error = task.get("error");
    if (error == null || error.isNull()) {
      return null;
    }
    return error.isTextual() ? error.asText() : error.toString();
  }
}
