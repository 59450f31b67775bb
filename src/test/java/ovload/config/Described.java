package ovload.config;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;
import ovload.support.Json;

/** A configuration's {@code run_config.json} as the map Jackson reads it back into (no ov resolved: "ov"). */
final class Described {
  private Described() {}

  static Map<String, Object> of(RunConfig config) {
    return Json.MAPPER.convertValue(RunConfigFile.of(config, "ov", null), new TypeReference<Map<String, Object>>() {});
  }
}
