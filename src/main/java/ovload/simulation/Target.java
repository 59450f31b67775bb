package ovload.simulation;

import java.time.Duration;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.client.OpenVikingException;
import ovload.config.ConfigException;
import ovload.config.RunConfig;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/**
 * The server under load: the embedded stand-in on a free loopback port when no URL is given, else
 * the given server, health-checked first so that an unreachable one is one clear error rather than
 * a run full of failures.
 */
final class Target implements AutoCloseable {
  private final StandInServer embedded;
  private final String url;

  private Target(StandInServer embedded, String url) {
    this.embedded = embedded;
    this.url = url;
  }

  static Target connect(RunConfig config) {
    if (config.embeddedServer()) {
      StandInServer server = StandInServer.start(StandInConfig.defaults()
          .withPort(0)
          .withApiKey(config.apiKey())
          .withModelMode(ModelMode.valueOf(config.modelMode().toUpperCase(java.util.Locale.ROOT)))
          .withSeed(config.seed())
          .withRetrievalDelayMs(config.standinRetrievalDelayMs()));
      return new Target(server, server.baseUrl());
    }
    try (OpenVikingClient client = client(config, config.serverUrl())) {
      client.health();
    } catch (OpenVikingException e) {
      throw new ConfigException("cannot reach OpenViking at " + config.serverUrl() + " (" + e.getMessage()
          + "): start the server, fix -DserverUrl, or leave it unset to use the embedded stand-in");
    }
    return new Target(null, config.serverUrl());
  }

  static OpenVikingClient client(RunConfig config, String url) {
    return new OpenVikingClient(settings(config, url));
  }

  static ClientSettings settings(RunConfig config, String url) {
    return new ClientSettings(url, config.apiKey(), config.account(), config.user(),
        Duration.ofMillis((long) (config.timeoutSeconds() * 1000)), java.util.Map.of());
  }

  String url() {
    return url;
  }

  boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    if (embedded != null) {
      embedded.close();
    }
  }
}
