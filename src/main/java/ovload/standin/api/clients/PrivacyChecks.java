package ovload.standin.api.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ovload.standin.http.ApiException;
import ovload.support.Json;

/**
 * OpenViking 0.5.2's privacy checks and references (openviking/privacy/validation.py and
 * reference.py), with its wording: identifiers are one URI path segment each, a field name any
 * short key without control characters, values a bounded JSON object. A field's reference names
 * its owner and place, never its value.
 */
final class PrivacyChecks {
  /** One field's owner-bound place. */
  record FieldRef(String owner, String category, String target, String field) {
    String render() {
      return reference(owner, category, target, field);
    }
  }

  /** One target's owner-bound place. */
  record TargetRef(String owner, String category, String target) {}

  private static final int IDENTIFIER_MAX_CHARS = 255;
  private static final int FIELD_NAME_MAX_BYTES = 255;
  private static final int MAX_FIELDS = 128;
  private static final int SESSION_MAX_FIELDS = 1024;
  private static final int MAX_STRING_BYTES = 64 * 1024;
  private static final int VALUES_MAX_BYTES = 1024 * 1024;
  private static final int MAX_DEPTH = 16;
  private static final int MAX_COLLECTION_ITEMS = 4096;
  private static final int MAX_LABELS = 64;
  private static final int LABELS_MAX_BYTES = 64 * 1024;
  private static final int CHANGE_REASON_MAX_CHARS = 1024;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9_.@-]+");
  private static final Pattern REFERENCE = Pattern.compile("\\{\\{[ \\t]*ov_privacy:(?<owner>[^\\s:{}]+):viking://~/privacy/"
      + "(?<category>[^/\\s]+)/(?<target>[^#\\s]+)#/values/(?<field>[^}\\s]+)[ \\t]*\\}\\}",
      Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern FIELD_URI = Pattern.compile("viking://(?<scope>~|user/(?<owner>[^/]+))/privacy/"
      + "(?<category>[^/]+)/(?<target>[^#]+)#/values/(?<field>.+)");
  private static final Pattern TARGET_URI = Pattern.compile("viking://(?<scope>~|user/(?<owner>[^/]+))/privacy/"
      + "(?<category>[^/]+)/(?<target>[^#]+)");

  private PrivacyChecks() {}

  /** A category or target key: one path segment of the privacy layout. */
  static String identifier(String value, String field) {
    String reason = null;
    if (value.isEmpty()) {
      reason = "must not be empty";
    } else if (!value.equals(value.strip())) {
      reason = "must not contain leading or trailing whitespace";
    } else if (value.codePointCount(0, value.length()) > IDENTIFIER_MAX_CHARS) {
      reason = "must not exceed " + IDENTIFIER_MAX_CHARS + " characters";
    } else if (value.equals(".") || value.equals("..")) {
      reason = "must not be '.' or '..'";
    } else if (!IDENTIFIER.matcher(value).matches()) {
      reason = "may contain only ASCII letters, digits, '_', '-', '.', and '@'";
    } else if (value.indexOf('@') != value.lastIndexOf('@')) {
      reason = "must contain at most one '@'";
    }
    if (reason != null) {
      throw new ApiException("INVALID_ARGUMENT", "Invalid Privacy " + field + ": " + reason + ".",
          details("field", field, "reason", reason, "allowed_pattern", "[A-Za-z0-9_.@-]+", "max_characters",
              IDENTIFIER_MAX_CHARS));
    }
    return value;
  }

  static void target(String category, String target) {
    identifier(category, "category");
    identifier(target, "target_key");
  }

  /** A JSON object key: any non-empty name of at most 255 UTF-8 bytes without control characters. */
  static String fieldName(String value, String location) {
    String reason;
    if (value.isEmpty()) {
      reason = "must be a non-empty string";
    } else if (value.getBytes(StandardCharsets.UTF_8).length > FIELD_NAME_MAX_BYTES) {
      reason = "must not exceed " + FIELD_NAME_MAX_BYTES + " UTF-8 bytes";
    } else if (value.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      reason = "must not contain control characters";
    } else {
      return value;
    }
    throw new ApiException("INVALID_ARGUMENT", "Invalid Privacy field name in " + location + ": " + reason + ".",
        details("field", location, "reason", reason, "max_bytes", FIELD_NAME_MAX_BYTES));
  }

  /** The complete active values a version would hold. */
  static void values(JsonNode values, String category) {
    int max = category.equals("session") ? SESSION_MAX_FIELDS : MAX_FIELDS;
    if (values.size() > max) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy values contain " + values.size() + " fields; at most " + max
          + " are allowed.", details("field", "values", "reason", "too many fields", "actual_fields", values.size(),
          "max_fields", max));
    }
    tree(values, "values", 1);
    int size = size(values);
    if (size > VALUES_MAX_BYTES) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy values serialize to " + size + " bytes; the maximum is "
          + VALUES_MAX_BYTES + " bytes.", details("field", "values", "reason", "serialized payload too large",
          "actual_bytes", size, "max_bytes", VALUES_MAX_BYTES));
    }
  }

  /** A version's change reason and the target's labels. */
  static void metadata(String changeReason, JsonNode labels) {
    int chars = changeReason.codePointCount(0, changeReason.length());
    if (chars > CHANGE_REASON_MAX_CHARS) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy change_reason must not exceed " + CHANGE_REASON_MAX_CHARS
          + " characters.", details("field", "change_reason", "reason", "value too long", "actual_characters", chars,
          "max_characters", CHANGE_REASON_MAX_CHARS));
    }
    if (labels == null) {
      return;
    }
    if (labels.size() > MAX_LABELS) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy labels contain " + labels.size() + " entries; at most "
          + MAX_LABELS + " are allowed.", details("field", "labels", "reason", "too many labels", "actual_fields",
          labels.size(), "max_fields", MAX_LABELS));
    }
    tree(labels, "labels", 1);
    int size = size(labels);
    if (size > LABELS_MAX_BYTES) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy labels serialize to " + size + " bytes; the maximum is "
          + LABELS_MAX_BYTES + " bytes.", details("field", "labels", "reason", "serialized payload too large",
          "actual_bytes", size, "max_bytes", LABELS_MAX_BYTES));
    }
  }

  private static void tree(JsonNode value, String location, int depth) {
    if (depth > MAX_DEPTH) {
      throw new ApiException("INVALID_ARGUMENT", "Privacy " + location + " exceeds the maximum JSON nesting depth of "
          + MAX_DEPTH + ".", details("field", location, "reason", "maximum nesting depth exceeded", "max_depth", MAX_DEPTH));
    }
    if (value.isTextual()) {
      int size = value.asText().getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_STRING_BYTES) {
        throw new ApiException("INVALID_ARGUMENT", "Privacy string at " + location + " exceeds the maximum size of "
            + MAX_STRING_BYTES + " UTF-8 bytes.", details("field", location, "reason", "string value too large",
            "actual_bytes", size, "max_bytes", MAX_STRING_BYTES));
      }
    } else if (value.isContainerNode()) {
      String kind = value.isObject() ? "object" : "array";
      if (value.size() > MAX_COLLECTION_ITEMS) {
        throw new ApiException("INVALID_ARGUMENT", "Privacy " + kind + " at " + location + " contains " + value.size()
            + (value.isObject() ? " entries" : " items") + "; at most " + MAX_COLLECTION_ITEMS + " are allowed.",
            details("field", location, "reason", "collection too large", "actual_items", value.size(), "max_items",
                MAX_COLLECTION_ITEMS));
      }
      if (value.isObject()) {
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          fieldName(e.getKey(), location);
          tree(e.getValue(), location + "." + e.getKey(), depth + 1);
        }
      } else {
        for (int i = 0; i < value.size(); i++) {
          tree(value.get(i), location + "[" + i + "]", depth + 1);
        }
      }
    }
  }

  private static int size(JsonNode node) {
    try {
      return Json.MAPPER.writeValueAsBytes(node).length;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether 0.5.2 counts a value as configured: present and not an empty text. */
  static boolean configured(JsonNode value) {
    return value != null && !value.isNull() && !(value.isTextual() && value.asText().isEmpty());
  }

  /** The canonical reference: {@code {{ov_privacy:<owner>:viking://~/privacy/<category>/<target>#/values/<field>}}}. */
  static String reference(String owner, String category, String target, String field) {
    return "{{ov_privacy:" + owner + ":viking://~/privacy/" + quote(category) + "/" + quote(target) + "#/values/"
        + quote(field) + "}}";
  }

  /** An owner-bound reference or a field-level URI ({@code viking://~/...} is the caller's); null when neither. */
  static FieldRef fieldSelector(String value, String currentUser) {
    Matcher m = REFERENCE.matcher(value);
    if (m.matches()) {
      String owner = m.group("owner");
      FieldRef ref = new FieldRef(owner, unquote(m.group("category")), unquote(m.group("target")),
          unquote(m.group("field")));
      boolean blank = ref.category().isEmpty() || ref.target().isEmpty() || ref.field().isEmpty();
      return validUser(owner) && !blank ? ref : null;
    }
    m = FIELD_URI.matcher(value);
    if (!m.matches()) {
      return null;
    }
    String owner = m.group("scope").equals("~") ? currentUser : m.group("owner");
    return validUser(owner) ? new FieldRef(owner, unquote(m.group("category")), unquote(m.group("target")),
        unquote(m.group("field"))) : null;
  }

  /** A target-level URI; null when it is not one. */
  static TargetRef targetSelector(String value, String currentUser) {
    Matcher m = TARGET_URI.matcher(value);
    if (!m.matches()) {
      return null;
    }
    String owner = m.group("scope").equals("~") ? currentUser : m.group("owner");
    return validUser(owner) ? new TargetRef(owner, unquote(m.group("category")), unquote(m.group("target"))) : null;
  }

  /** 0.5.2's user id rule (openviking/core/identifiers.py). */
  private static boolean validUser(String user) {
    return user != null && !user.isEmpty() && !user.equals(".") && !user.equals("..")
        && IDENTIFIER.matcher(user).matches() && user.indexOf('@') == user.lastIndexOf('@');
  }

  /** Python's {@code quote(s, safe='')}: every byte but letters, digits and {@code _.-~} percent-encoded. */
  private static String quote(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.-~".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        out.append('%').append(String.format("%02X", c));
      }
    }
    return out.toString();
  }

  /** Python's {@code unquote}: {@code %XX} sequences decoded as UTF-8, anything else (a {@code +} too) kept. */
  private static String unquote(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); ) {
      if (s.charAt(i) == '%' && i + 2 < s.length() && hex(s.charAt(i + 1)) && hex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
      }
      int cp = s.codePointAt(i);
      out.appendCodePoint(cp);
      i += Character.charCount(cp);
    }
    out.append(bytes.toString(StandardCharsets.UTF_8));
    return out.toString();
  }

  private static boolean hex(char c) {
    return Character.digit(c, 16) >= 0 && c < 0x80;
  }

  /** Details in 0.5.2's key order. */
  static Map<String, Object> details(Object... pairs) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put((String) pairs[i], pairs[i + 1]);
    }
    return map;
  }
}
