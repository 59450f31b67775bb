package ovload.standin.api.clients;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import ovload.standin.http.ApiException;
import ovload.standin.http.RouteTable;

/**
 * {@code POST /api/v1/compile}, checked as OpenViking 0.5.2's CompileRequest checks it
 * (openviking/service/compile_service.py): extra fields forbidden ({@code reason} is read as
 * {@code instruction}), {@code from} a list of texts, {@code to} and {@code skill} non-empty, then
 * its normalization's value errors (an empty source; the {@code memory} skill takes no
 * {@code from}, every other skill at least one). A request that passes would run a VikingBot
 * skill: {@code 501 UNIMPLEMENTED}, not emulated.
 */
public final class CompileRoutes {
  private static final String MEMORY_SKILL = "memory";
  private static final Set<String> FIELDS = Set.of("from", "from_", "to", "skill", "instruction", "reason", "args");

  public void register(RouteTable routes) {
    routes.add("POST", "/api/v1/compile", c -> {
      check(c.json());
      throw new ApiException("UNIMPLEMENTED", "Compile is not emulated: the stand-in runs no VikingBot skill");
    });
  }

  private static void check(JsonNode body) {
    if (body == null) {
      throw ApiException.validation("body", "Field required", "missing");
    }
    if (!body.isObject()) {
      throw ApiException.validation("body", "Input should be a valid dictionary or object to extract fields from",
          "model_attributes_type");
    }
    List<String> from = sources(body.has("from") ? body.get("from") : body.get("from_"));
    String to = text(body.get("to"), "to");
    String skill = text(body.get("skill"), "skill");
    JsonNode instruction = body.has("instruction") ? body.get("instruction") : body.get("reason");
    if (instruction != null && !instruction.isNull() && !instruction.isTextual()) {
      throw ApiException.validation("body.instruction", "Input should be a valid string", "string_type");
    }
    JsonNode args = body.get("args");
    if (args != null && !args.isNull() && !args.isObject()) {
      throw ApiException.validation("body.args", "Input should be a valid dictionary", "dict_type");
    }
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name)) {
        throw ApiException.validation("body." + name, "Extra inputs are not permitted", "extra_forbidden");
      }
    }
    List<String> normalized = new ArrayList<>();
    for (String source : from) {
      String clean = trimSlashes(source.strip());
      if (clean.isEmpty()) {
        throw valueError("from must not contain empty values");
      }
      if (!normalized.contains(clean)) {
        normalized.add(clean);
      }
    }
    if (trimSlashes(to.strip()).isEmpty()) {
      throw valueError("to must not be empty");
    }
    String cleanSkill = trimSlashes(skill.strip());
    if (cleanSkill.isEmpty()) {
      throw valueError("skill must not be empty");
    }
    boolean memory = cleanSkill.equals(MEMORY_SKILL);
    if (!memory && normalized.isEmpty()) {
      throw valueError("from must contain at least one directory");
    }
    if (memory && !normalized.isEmpty()) {
      throw valueError("--skill memory consolidates --to in place and takes no --from");
    }
  }

  private static List<String> sources(JsonNode from) {
    List<String> out = new ArrayList<>();
    if (from == null) {
      return out;
    }
    if (!from.isArray()) {
      throw ApiException.validation("body.from", "Input should be a valid list", "list_type");
    }
    for (int i = 0; i < from.size(); i++) {
      if (!from.get(i).isTextual()) {
        throw ApiException.validation("body.from." + i, "Input should be a valid string", "string_type");
      }
      out.add(from.get(i).asText());
    }
    return out;
  }

  private static String text(JsonNode value, String field) {
    if (value == null) {
      throw ApiException.validation("body." + field, "Field required", "missing");
    }
    if (!value.isTextual()) {
      throw ApiException.validation("body." + field, "Input should be a valid string", "string_type");
    }
    if (value.asText().isEmpty()) {
      throw ApiException.validation("body." + field, "String should have at least 1 character", "string_too_short");
    }
    return value.asText();
  }

  /** Python's {@code rstrip("/")}. */
  private static String trimSlashes(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '/') {
      end--;
    }
    return s.substring(0, end);
  }

  /** A model validator's ValueError, as FastAPI reports it on the whole body. */
  private static ApiException valueError(String message) {
    return ApiException.validation("body", "Value error, " + message, "value_error");
  }
}
