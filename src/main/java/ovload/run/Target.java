package ovload.run;

import java.time.Duration;
import java.util.Locale;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.client.OpenVikingException;
import ovload.config.RunConfig;
import ovload.config.ServerInsideOptions;
import ovload.recording.ResourceSampler;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * The server under load: with no URL, the embedded stand-in on a free loopback port, in a child JVM
 * of its own (or, for tests, in this one: {@code -DstandinInProcess=true}); else the given server,
 * health-checked first so that an unreachable one is one clear error rather than a run full of
 * failures.
 */
final class Target implements AutoCloseable {
  /** How long the stand-in's child JVM may take to listen; it takes about a second. */
  static final long STANDIN_START_SECONDS = 60;

  private final AutoCloseable embedded;
  private final String url;
  private final ResourceSampler.Target sampled;
  private final String description;

  private Target(AutoCloseable embedded, String url, ResourceSampler.Target sampled, String description) {
    this.embedded = embedded;
    this.url = url;
    this.sampled = sampled;
    this.description = description;
  }

  static Target connect(RunConfig config) {
    if (config.connection().embeddedServer()) {
      StandInConfig standin = StandInConfig.defaults()
          .withPort(0)
          .withApiKey(config.connection().apiKey())
          .withModelMode(ModelMode.valueOf(config.standin().modelMode().toUpperCase(Locale.ROOT)))
          .withSeed(config.seed())
          .withRetrievalDelayMs(config.standin().retrievalDelayMs())
          .withStuckQueue(config.watch().serverQueues().standinStuckQueue());
      String mode = " (model mode " + config.standin().modelMode() + ")";
      if (config.standin().inProcess()) {
        StandInServer server = StandInServer.start(standin);
        return new Target(server, server.baseUrl(), new ResourceSampler.Target("standin-", null),
            "embedded OpenViking stand-in in the generator's JVM at " + server.baseUrl() + mode);
      }
      StandInProcess child;
      try {
        child = StandInProcess.start(standin, config.standin().warmUp(),
            ServerInsideOptions.JFR.equals(config.watch().inside().profiler()), STANDIN_START_SECONDS);
      } catch (IllegalStateException e) {
        throw new UnreachableServerException(e.getMessage(), null);
      }
      String cold = config.standin().warmUp() ? "" : ", not warmed up";
      System.out.printf("ovload: embedded stand-in at %s, pid %d%s, listening after %.1f s%s%n",
          child.baseUrl(), child.pid(), mode, child.startSeconds(), cold);
      return new Target(child, child.baseUrl(), new ResourceSampler.Target(null, child.pid()),
          "embedded OpenViking stand-in (its own JVM, pid " + child.pid() + cold + ") at " + child.baseUrl() + mode);
    }
    try (OpenVikingClient client = client(config, config.connection().serverUrl())) {
      client.health();
    } catch (OpenVikingException e) {
      throw new UnreachableServerException("cannot reach OpenViking at " + config.connection().serverUrl() + " (" + e.getMessage()
          + "): start the server, fix -DserverUrl, or leave it unset to use the embedded stand-in", null);
    }
    return new Target(null, config.connection().serverUrl(),
        config.watch().targetPid() == null ? null : new ResourceSampler.Target(null, config.watch().targetPid()),
        "target OpenViking server " + config.connection().serverUrl());
  }

  static OpenVikingClient client(RunConfig config, String url) {
    return new OpenVikingClient(settings(config, url));
  }

  static ClientSettings settings(RunConfig config, String url) {
    return new ClientSettings(url, config.connection().apiKey(), config.connection().account(), config.connection().user(),
        Duration.ofMillis((long) (config.connection().timeoutSeconds() * 1000)), java.util.Map.of());
  }

  String url() {
    return url;
  }

  /** What the sampler watches as the target: the stand-in's process or threads, the given pid, or nothing. */
  ResourceSampler.Target sampled() {
    return sampled;
  }

  /** One line for the run's notes. */
  String description() {
    return description;
  }

  @Override
  public void close() {
    if (embedded != null) {
      try {
        embedded.close();
      } catch (Exception e) {
        System.err.println("ovload: stopping the embedded stand-in failed: " + e.getMessage());
      }
    }
  }
}
