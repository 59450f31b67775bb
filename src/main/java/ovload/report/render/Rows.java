package ovload.report.render;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import ovload.support.Json;

/**
 * A record as the ordered map of its JSON properties ({@code @JsonNaming}, {@code @JsonPropertyOrder}):
 * so a CSV file's columns, a Markdown table's columns and {@code run_summary.json}'s keys are named
 * in one place, the record.
 */
final class Rows {
  private static final TypeReference<Map<String, Object>> ROW = new TypeReference<>() {};
  private static final TypeReference<List<Map<String, Object>>> ROWS = new TypeReference<>() {};

  private Rows() {}

  static Map<String, Object> of(Object record) {
    return Json.MAPPER.convertValue(record, ROW);
  }

  static List<Map<String, Object>> of(List<?> records) {
    return Json.MAPPER.convertValue(records, ROWS); // one conversion for all: much cheaper than one per row
  }
}
