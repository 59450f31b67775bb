package ovload.run;

import java.util.concurrent.atomic.AtomicBoolean;
import ovload.client.OpenVikingClient;
import ovload.client.OpenVikingException;
import ovload.config.RunConfig;

/**
 * Whether a run asks the server for its telemetry: {@code -Dtelemetry} as given, else one find with
 * {@code "telemetry": true} before the run's time starts (not recorded), on when the reply carries
 * a telemetry object. The note says which, either way.
 */
record TelemetryProbe(boolean on, String note) {

  static TelemetryProbe decide(RunConfig config) {
    if (config.watch().telemetry() != null) {
      boolean on = config.watch().telemetry();
      return new TelemetryProbe(on, "server telemetry " + (on ? "on" : "off") + " (-Dtelemetry=" + on + "): "
          + (on ? "stage timings and tokens are asked for" : "only X-Process-Time is recorded"));
    }
    AtomicBoolean answered = new AtomicBoolean();
    try (OpenVikingClient probe = new OpenVikingClient(Target.settings(config, config.connection().serverUrl()), true,
        (headers, body) -> answered.set(body != null && body.path("telemetry").isObject()))) {
      probe.find("ovload telemetry probe", null, 1);
    } catch (OpenVikingException e) {
      // an error reply was still observed; no reply at all means no telemetry
    }
    return answered.get()
        ? new TelemetryProbe(true, "server telemetry on: the server answered a probe find with telemetry, so find,"
            + " search, add_message and commit ask for it (stage timings, tokens); -Dtelemetry=false turns it off")
        : new TelemetryProbe(false, "server telemetry off: the server answered a probe find without telemetry;"
            + " only X-Process-Time is recorded");
  }
}
