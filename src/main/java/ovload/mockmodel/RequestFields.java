package ovload.mockmodel;

import com.fasterxml.jackson.databind.JsonNode;

/** Lenient reads of OpenAI request fields: unknown fields pass (clients send many), mistyped known ones are 400s. */
final class RequestFields {
  private RequestFields() {}

  static void requireObject(JsonNode body) {
    if (body == null || !body.isObject()) {
      throw OpenAiError.invalid("the request body must be a JSON object", null);
    }
  }

  static String text(JsonNode body, String field, String fallback) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isTextual()) {
      throw OpenAiError.invalid(field + " must be a string", field);
    }
    return value.asText();
  }

  static boolean flag(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull()) {
      return false;
    }
    if (!value.isBoolean()) {
      throw OpenAiError.invalid(field + " must be true or false", field);
    }
    return value.asBoolean();
  }
}
