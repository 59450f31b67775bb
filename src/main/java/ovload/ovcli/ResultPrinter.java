package ovload.ovcli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * Writes outcomes as {@code ov} does: with {@code --output json},
 * {@code {"ok":true,"result":...}} on stdout or {@code {"ok":false,"error":{"code","message"}}} on
 * stderr, indented unless {@code --compact}; with {@code table}, the rendered result or
 * {@code error: CODE: message}.
 */
final class ResultPrinter {
  /** Not {@code ovload.support.Json}'s: {@code bin/ov} packs only the ovcli and client packages into its jar. */
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OutputFormat format;
  private final boolean compact;
  private final PrintStream out;
  private final PrintStream err;

  ResultPrinter(OutputFormat format, boolean compact, PrintStream out, PrintStream err) {
    this.format = format;
    this.compact = compact;
    this.out = out;
    this.err = err;
  }

  void success(JsonNode result) {
    if (format == OutputFormat.TABLE) {
      out.println(TableRenderer.render(result));
      return;
    }
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("ok", true);
    envelope.set("result", result);
    out.println(write(envelope));
  }

  void failure(String code, String message) {
    if (format == OutputFormat.TABLE) {
      err.println("error: " + code + ": " + message);
      return;
    }
    ObjectNode envelope = JSON.createObjectNode();
    envelope.put("ok", false);
    ObjectNode error = envelope.putObject("error");
    error.put("code", code);
    error.put("message", message);
    err.println(write(envelope));
  }

  private String write(JsonNode node) {
    try {
      return compact ? JSON.writeValueAsString(node) : JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode output", e);
    }
  }
}
