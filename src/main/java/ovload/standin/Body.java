package ovload.standin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;

/** A JSON request body checked field by field: unknown, missing or mistyped fields are 400s naming the field. */
final class Body {
  private final JsonNode json;

  private Body(JsonNode json) {
    this.json = json;
  }

  static Body of(JsonNode json, Set<String> allowed) {
    if (json == null || !json.isObject()) {
      throw ApiException.invalid("the request body must be a JSON object");
    }
    Iterator<String> names = json.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        // OpenViking 0.5.2's (pydantic extra="forbid") wording, plus the allowed fields
        throw new ApiException("INVALID_ARGUMENT", "Invalid request parameters: body." + name
            + ": Extra inputs are not permitted (allowed are " + new java.util.TreeSet<>(allowed) + ")",
            java.util.Map.of("field", name, "validation_errors", java.util.List.of(java.util.Map.of(
                "loc", java.util.List.of("body", name), "message", "Extra inputs are not permitted",
                "type", "extra_forbidden"))));
      }
    }
    return new Body(json);
  }

  private JsonNode field(String name) {
    JsonNode value = json.get(name);
    return value == null || value.isNull() ? null : value;
  }

  String text(String name) {
    JsonNode value = field(name);
    if (value == null) {
      throw ApiException.invalid("missing required field '" + name + "'");
    }
    if (!value.isTextual()) {
      throw ApiException.invalid("field '" + name + "' must be a string");
    }
    return value.asText();
  }

  String optionalText(String name) {
    return field(name) == null ? null : text(name);
  }

  boolean flag(String name, boolean fallback) {
    JsonNode value = field(name);
    if (value == null) {
      return fallback;
    }
    if (!value.isBoolean()) {
      throw ApiException.invalid("field '" + name + "' must be true or false");
    }
    return value.asBoolean();
  }

  Double number(String name) {
    JsonNode value = field(name);
    if (value == null) {
      return null;
    }
    if (!value.isNumber()) {
      throw ApiException.invalid("field '" + name + "' must be a number");
    }
    return value.asDouble();
  }

  int limit(String name, int fallback) {
    Double value = number(name);
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value != Math.rint(value)) {
      throw ApiException.invalid("field '" + name + "' must be a positive whole number");
    }
    return value.intValue();
  }
}
