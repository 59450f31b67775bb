package ovload.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * How the run looks inside the server: its Prometheus metrics and a CPU profile of each timed phase.
 *
 * @param metricsUrl {@code -DserverMetricsUrl}: the URL to scrape; null: the server's own {@code /metrics};
 *     {@code off}: no scrape
 * @param profiler {@code -DprofileServer}: {@code off}, {@code py-spy} (needs {@code -DtargetPid}),
 *     {@code jfr} (the embedded stand-in, its default) or {@code command} (a {@code -DprofileServerCommand})
 * @param profileCommand {@code -DprofileServerCommand}: a profiler's command line with {@code {pid}},
 *     {@code {collapsed}} (where it writes collapsed stacks) and optionally {@code {svg}}; stopped with SIGINT
 */
public record ServerInsideOptions(
    @JsonProperty("server_metrics_url") String metricsUrl,
    @JsonProperty("profile_server") String profiler,
    @JsonProperty("profile_server_command") String profileCommand) {
  public static final String OFF = "off";
  public static final String PY_SPY = "py-spy";
  public static final String JFR = "jfr";
  public static final String COMMAND = "command";

  static ServerInsideOptions from(Settings s, boolean embedded, Long targetPid) {
    String url = s.raw("serverMetricsUrl", null);
    if (url != null && !url.isEmpty() && !url.equalsIgnoreCase(OFF) && !url.matches("https?://[^/?#\\s]+(/[^\\s]*)?")) {
      throw new ConfigException("malformed -DserverMetricsUrl '" + url
          + "': give the server's Prometheus URL (e.g. http://127.0.0.1:1933/metrics) or off");
    }
    String command = s.raw("profileServerCommand", null);
    command = command == null || command.isBlank() ? null : command.trim();
    String profiler = s.raw("profileServer", null);
    profiler = profiler == null || profiler.isBlank()
        ? (command != null ? COMMAND : embedded ? JFR : OFF) : profiler.trim().toLowerCase(Locale.ROOT);
    switch (profiler) {
      case OFF -> { }
      case PY_SPY -> {
        if (targetPid == null || embedded) {
          throw new ConfigException("-DprofileServer=py-spy profiles an external server's process: give -DtargetPid "
              + "(e.g. pgrep -f openviking-server) and -DserverUrl");
        }
      }
      case JFR -> {
        if (!embedded) {
          throw new ConfigException("-DprofileServer=jfr profiles the embedded stand-in only: use py-spy (with -DtargetPid) "
              + "or -DprofileServerCommand for a server of your own");
        }
      }
      case COMMAND -> {
        if (command == null || !command.contains("{collapsed}")) {
          throw new ConfigException("-DprofileServer=command needs -DprofileServerCommand, a command line that writes "
              + "collapsed stacks to {collapsed} (e.g. \"py-spy record --pid {pid} --format raw --output {collapsed}\")");
        }
      }
      default -> throw new ConfigException("unknown -DprofileServer '" + profiler + "': use off, py-spy, jfr or command");
    }
    return new ServerInsideOptions(url == null || url.isEmpty() ? null : url.equalsIgnoreCase(OFF) ? OFF : url, profiler, command);
  }

  /** The URL to scrape for a server at {@code serverUrl}, or null when the scrape is off. */
  public String metricsUrlFor(String serverUrl) {
    if (OFF.equals(metricsUrl)) {
      return null;
    }
    return metricsUrl != null ? metricsUrl : serverUrl.replaceAll("/+$", "") + "/metrics";
  }
}
