package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.regex.Pattern;

/**
 * What the run owns on the server, and when it is removed: the documents under {@code dataRootUri}
 * and the sessions named with {@code sessionPrefix} (with their memory folders). Both are deleted
 * when clearing, so both are refused when they could match more than the run's own.
 *
 * @param clearBeforeRun remove them before the run ({@code -DclearBeforeRun}, default true)
 * @param cleanupAtEnd remove them, and the local documents, after it ({@code -DcleanupAtEnd})
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServerData(String dataRootUri, String sessionPrefix, boolean clearBeforeRun, boolean cleanupAtEnd) {
  private static final Pattern DATA_ROOT =
      Pattern.compile("viking://resources(/[A-Za-z0-9][A-Za-z0-9._-]*)+");
  private static final Pattern SESSION_PREFIX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** A shard's root and prefix are its own, below the common ones. */
  static ServerData from(Settings s, Shard shard) {
    String prefix = s.raw("sessionPrefix", null);
    return new ServerData(
        shard.dataRoot(dataRootUri(s.string("dataRootUri", null, "viking://resources/bench/load_test"))),
        shard.sessionPrefix(sessionPrefix(prefix == null ? "bench-load-" : prefix)),
        s.flag("clearBeforeRun", true),
        s.flag("cleanupAtEnd", false));
  }

  /** The data root is deleted recursively when clearing: it must lie strictly inside resources. */
  static String dataRootUri(String value) {
    String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    if (!DATA_ROOT.matcher(trimmed).matches() || trimmed.contains("/..") || trimmed.contains("/./")) {
      throw new ConfigException(
          "refusing -DdataRootUri '" + value + "': it must lie strictly inside viking://resources/, "
              + "e.g. viking://resources/bench/load_test");
    }
    return trimmed;
  }

  /** Sessions with this prefix are deleted when clearing: an empty prefix would match them all. */
  static String sessionPrefix(String value) {
    if (!SESSION_PREFIX.matcher(value).matches()) {
      throw new ConfigException(
          "refusing -DsessionPrefix '" + value + "': use a non-empty prefix of letters, digits, '.', '_' or '-', e.g. bench-load-");
    }
    return value;
  }
}
