package ovload.ovcli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --output table}: text as is, a list of objects as columns, an object as key/value rows,
 * anything nested as compact JSON.
 */
final class TableRenderer {
  private TableRenderer() {}

  static String render(JsonNode result) {
    if (result == null || result.isNull() || result.isMissingNode()) {
      return "";
    }
    if (result.isValueNode()) {
      return result.asText();
    }
    if (result.isArray()) {
      return renderArray(result);
    }
    List<List<String>> rows = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      rows.add(List.of(field.getKey(), cell(field.getValue())));
    }
    return columns(rows);
  }

  private static String renderArray(JsonNode array) {
    Set<String> keys = new LinkedHashSet<>();
    boolean allObjects = array.size() > 0;
    for (JsonNode item : array) {
      allObjects &= item.isObject();
      item.fieldNames().forEachRemaining(keys::add);
    }
    List<List<String>> rows = new ArrayList<>();
    if (!allObjects) {
      array.forEach(item -> rows.add(List.of(cell(item))));
      return columns(rows);
    }
    rows.add(List.copyOf(keys));
    for (JsonNode item : array) {
      rows.add(keys.stream().map(key -> cell(item.get(key))).toList());
    }
    return columns(rows);
  }

  private static String cell(JsonNode value) {
    if (value == null || value.isNull()) {
      return "";
    }
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static String columns(List<List<String>> rows) {
    int width = rows.stream().mapToInt(List::size).max().orElse(0);
    int[] widths = new int[width];
    for (List<String> row : rows) {
      for (int c = 0; c < row.size() - 1; c++) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int c = 0; c < row.size(); c++) {
        String text = row.get(c);
        out.append(c < row.size() - 1 ? text + " ".repeat(widths[c] - text.length() + 2) : text);
      }
      out.append('\n');
    }
    return out.toString().stripTrailing();
  }
}
