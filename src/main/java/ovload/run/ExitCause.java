package ovload.run;

import java.util.Locale;

/**
 * Why a {@code gatling:test} ended, each with the forked Gatling JVM's exit status. Maven turns
 * every non-zero status into its own exit 1, and its message into "Gatling simulation assertions
 * failed" for 2 only, so 2 is kept for failed gates and the other causes stay off it.
 */
public enum ExitCause {
  PASSED(0, "every gate passed"),
  FAILED_GATES(2, "failed gates"),
  BAD_OPTION(3, "bad option"),
  UNREACHABLE_SERVER(4, "unreachable server"),
  ABORTED(5, "aborted"),
  /** The load generator stopped before the load ended, with no signal: Gatling's error is above. */
  FAILED(6, "failed"),
  /** SIGINT (Ctrl-C) or SIGTERM: the status a JVM ends with on SIGINT. */
  INTERRUPTED(130, "interrupted");

  final int exitCode;
  final String words;

  ExitCause(int exitCode, String words) {
    this.exitCode = exitCode;
    this.words = words;
  }

  /** The name in {@code outcome.json}: {@code failed_gates}. */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
