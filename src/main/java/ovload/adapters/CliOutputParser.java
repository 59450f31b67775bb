package ovload.adapters;

import com.fasterxml.jackson.databind.JsonNode;
import ovload.model.ErrorText;
import ovload.model.Interruption;
import ovload.support.Json;

/**
 * The spec's rules for an {@code ov --output json} process: a non-zero exit is {@code
 * CliExitError} (status code = exit code), {@code {"ok":false}} is {@code CliApiError}, otherwise
 * success with {@code result} unwrapped. An exit by SIGINT or SIGTERM (130, 143: Ctrl-C reaches the
 * terminal's whole process group, {@code ov} included) is no failure but an interruption ({@link
 * Interruption}), whatever the run has yet heard of the signal.
 */
final class CliOutputParser {
  private CliOutputParser() {}

  static AdapterResult parse(int exitCode, String stdout, String stderr, String command) {
    String out = withoutEcho(stdout).strip();
    String err = stderr.strip();
    JsonNode parsed = parseJson(out);
    String signal = exitCode == 128 + 2 ? "SIGINT" : exitCode == 128 + 15 ? "SIGTERM" : null;
    if (signal != null) {
      return AdapterResult.failed(null, Interruption.EXCEPTION_TYPE, Interruption.message(signal), command);
    }
    if (exitCode != 0) {
      // the real ov prints its error envelope on stderr
      JsonNode envelope = parsed != null ? parsed : parseJson(err);
      String message = err.isEmpty() ? (out.isEmpty() ? "ov exited with code " + exitCode : out) : err;
      String fromEnvelope = errorMessage(envelope);
      return AdapterResult.failed(exitCode, "CliExitError",
          ErrorText.truncate(fromEnvelope != null ? fromEnvelope : message), command);
    }
    if (parsed != null && parsed.isObject() && parsed.path("ok").isBoolean() && !parsed.get("ok").asBoolean()) {
      String message = errorMessage(parsed);
      return AdapterResult.failed(exitCode, "CliApiError",
          ErrorText.truncate(message != null ? message : err), command);
    }
    if (parsed != null && parsed.isObject() && parsed.path("ok").asBoolean(false) && parsed.has("result")) {
      return AdapterResult.ok(exitCode, parsed.get("result"), command);
    }
    return AdapterResult.ok(exitCode, parsed != null ? parsed : Json.MAPPER.getNodeFactory().textNode(out), command);
  }

  /**
   * The real {@code ov} (0.5.2) echoes the command as a {@code cmd: ov ...} line on stdout before
   * the JSON of {@code find}, {@code search}, {@code grep} and {@code glob}: leading echo lines are
   * dropped.
   */
  static String withoutEcho(String stdout) {
    String rest = stdout.stripLeading();
    while (rest.startsWith("cmd: ") || rest.startsWith("cmd:\t")) {
      int newline = rest.indexOf('\n');
      rest = newline < 0 ? "" : rest.substring(newline + 1).stripLeading();
    }
    return rest;
  }

  private static JsonNode parseJson(String text) {
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(text);
    } catch (Exception e) {
      return null;
    }
  }

  private static String errorMessage(JsonNode envelope) {
    if (envelope == null || !envelope.isObject()) {
      return null;
    }
    JsonNode error = envelope.get("error");
    if (error == null || error.isNull()) {
      return null;
    }
    if (error.isTextual()) {
      return error.asText();
    }
    JsonNode message = error.get("message");
    String code = error.path("code").asText("");
    String text = message != null && !message.isNull() ? message.asText() : error.toString();
    return code.isEmpty() ? text : code + ": " + text;
  }
}
