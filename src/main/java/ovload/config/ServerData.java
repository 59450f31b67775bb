package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

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
  /** A prefix shorter than this says too little of whose sessions they are ({@code a} matched {@code alice-chat}). */
  static final int MIN_PREFIX = 4;

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

  /** Sessions with this prefix are deleted when clearing: a prefix that says little could name anyone's. */
  static String sessionPrefix(String value) {
    if (!SESSION_PREFIX.matcher(value).matches()) {
      throw new ConfigException(
          "refusing -DsessionPrefix '" + value + "': use a non-empty prefix of letters, digits, '.', '_' or '-', e.g. bench-load-");
    }
    if (value.length() < MIN_PREFIX) {
      throw new ConfigException("refusing -DsessionPrefix '" + value + "': too short to be the suite's own (at least "
          + MIN_PREFIX + " characters), e.g. bench-load-");
    }
    return value;
  }

  /**
   * The empty folder the generator's warm-up searches (made with the data root, removed with it):
   * an existing folder, so that its grep and glob take the path a measured one takes, not a 404's.
   */
  public String generatorWarmupUri() {
    return dataRootUri + "/ovload-generator-warmup";
  }

  /**
   * The suite's own session ids under this prefix, of any run: {@code <prefix><run id>-<adapter>-<number>}
   * (the spec's form, {@code SessionIds}), a shard's included. The clear deletes only these: an id
   * that merely starts with the prefix is someone else's.
   */
  public Predicate<String> ownSession() {
    Pattern own = Pattern.compile(Pattern.quote(sessionPrefix) + "[A-Za-z0-9._-]+-("
        + RunConfig.ADAPTERS.stream().map(Pattern::quote).collect(Collectors.joining("|")) + ")-[0-9]{4,}");
    return id -> own.matcher(id).matches();
  }
}
