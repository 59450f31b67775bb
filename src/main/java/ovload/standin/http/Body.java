package ovload.standin.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Iterator;
import java.util.Set;

/**
 * A JSON request body checked field by field as OpenViking 0.5.2's request models check it:
 * missing, mistyped or (on the routes whose models forbid extras) unknown fields are 400
 * INVALID_ARGUMENT validation errors naming the field.
 */
public final class Body {
  private final JsonNode json;

  private Body(JsonNode json) {
    this.json = json;
  }

  /** A body whose model forbids fields other than {@code allowed} (pydantic {@code extra="forbid"}). */
  static Body of(JsonNode json, Set<String> allowed) {
    Body body = lenient(json);
    Iterator<String> names = body.json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw ApiException.validation("body." + name, "Extra inputs are not permitted", "extra_forbidden");
      }
    }
    return body;
  }

  /** A body whose model ignores unknown fields, as most of the real server's models do. */
  static Body lenient(JsonNode json) {
    if (json == null) {
      throw ApiException.validation("body", "Field required", "missing");
    }
    if (!json.isObject()) {
      throw ApiException.validation("body", "Input should be a valid dictionary or object to extract fields from",
          "model_attributes_type");
    }
    return new Body(json);
  }

  /** A body that may be absent altogether (an empty object then). */
  static Body optional(JsonNode json) {
    return lenient(json == null ? JsonNodeFactory.instance.objectNode() : json);
  }

  private JsonNode field(String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? null : value;
  }

  /** A structured field (an array or an object) as it was sent; null when absent. */
  public JsonNode node(String name) {
    return field(name);
  }

  public boolean has(String name) {
    return field(name) != null;
  }

  public String text(String name) {
    JsonNode value = field(name);
    if (value == null) {
      throw ApiException.validation("body." + name, "Field required", "missing");
    }
    if (!value.isTextual()) {
      throw ApiException.validation("body." + name, "Input should be a valid string", "string_type");
    }
    return value.asText();
  }

  public String optionalText(String name) {
    return field(name) == null ? null : text(name);
  }

  public boolean flag(String name, boolean fallback) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiException.validation("body." + name, "Input should be a valid boolean", "bool_type");
    }
    return value.asBoolean();
  }

  /**
   * A whole number of at least {@code min} ({@code ge=min} in the real model); larger than an int
   * holds is clamped, as the real server answers any size.
   */
  public long whole(String name, long fallback, long min) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (value.isTextual() || !value.isNumber() || value.asDouble() != Math.rint(value.asDouble())) {
      throw ApiException.validation("body." + name,
          "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
    }
    if (value.asDouble() < min) {
      throw ApiException.validation("body." + name, "Input should be greater than or equal to " + min,
          "greater_than_equal");
    }
    return value.canConvertToLong() ? value.asLong() : Long.MAX_VALUE;
  }
}
