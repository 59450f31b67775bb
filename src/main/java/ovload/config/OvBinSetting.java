package ovload.config;

import java.util.Map;

/**
 * Which {@code ov} the run was told to use for the cli-subprocess adapter: {@code -DovBin}, else
 * {@code OV_BIN}, else neither (both null). Only what was given: finding or fetching the executable
 * is {@code provision.OvBinary}'s, once the whole configuration is known to be good.
 *
 * @param property {@code -DovBin} as given, trimmed; null when not set
 * @param environment {@code OV_BIN} as given, trimmed; null when not set
 */
public record OvBinSetting(String property, String environment) {

  static OvBinSetting from(Settings s, Map<String, String> env) {
    return new OvBinSetting(s.raw("ovBin", null), env.get("OV_BIN") == null ? null : env.get("OV_BIN").trim());
  }

  /** The setting as given ({@code -DovBin} first, even empty), or null: what a run without cli-subprocess records. */
  public String given() {
    return property != null ? property : environment;
  }
}
