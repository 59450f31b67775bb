package ovload.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the run watches of the server besides its replies.
 *
 * @param targetPid the external server's process, sampled from /proc ({@code -DtargetPid}), or null
 * @param modelStatsUrl the mock model provider's counters ({@code /mock/stats}), reset at the run's
 *     start and saved at its end ({@code -DmodelStatsUrl}), or null
 * @param serverQueues how the server's own queues are watched and drained
 * @param telemetry whether to ask the server for its per-operation telemetry; null: probe it once at start
 * @param inside the server's metrics and profiles
 */
public record ServerWatch(Long targetPid, String modelStatsUrl, ServerQueueOptions serverQueues, Boolean telemetry,
    ServerInsideOptions inside) {

  static ServerWatch from(Settings s, boolean embedded) {
    Long targetPid = targetPid(s.raw("targetPid", null));
    String modelStatsUrl = modelStatsUrl(s.raw("modelStatsUrl", null));
    ServerQueueOptions serverQueues = ServerQueueOptions.from(s, embedded);
    String telemetry = s.raw("telemetry", null);
    return new ServerWatch(targetPid, modelStatsUrl, serverQueues,
        telemetry == null || telemetry.isEmpty() ? null : s.flag("telemetry", false),
        ServerInsideOptions.from(s, embedded, targetPid));
  }

  static String modelStatsUrl(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    if (!value.matches("https?://[^/?#\\s]+(/[^?#\\s]*)?/mock/stats")) {
      throw new ConfigException("malformed -DmodelStatsUrl '" + value
          + "': give the mock model provider's stats URL, e.g. http://127.0.0.1:1940/mock/stats");
    }
    return value;
  }

  /** It must be running now. */
  static Long targetPid(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      long pid = Long.parseLong(value);
      if (Files.isDirectory(Path.of("/proc/" + pid))) {
        return pid;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ConfigException("-DtargetPid " + value + " is no running process: give the server's pid (e.g. pgrep -f openviking-server)");
  }
}
