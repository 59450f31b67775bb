package ovload.run;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import ovload.adapters.AdapterResult;
import ovload.adapters.BlockingAdapter;
import ovload.adapters.CliConfigFile;
import ovload.adapters.CliSubprocessAdapter;
import ovload.adapters.ClientLibraryAdapter;
import ovload.adapters.ServerTimeRelay;
import ovload.config.ConfigException;
import ovload.config.RunConfig;
import ovload.config.RunConfigFile;
import ovload.gatling.BlockingOperations;
import ovload.gatling.OperationRecorder;
import ovload.gatling.Operations;
import ovload.gatling.SdkOperations;
import ovload.provision.OvBinary;
import ovload.provision.OvHome;

/**
 * The adapters of one run and the operations built on them: the sdk's HTTP protocol, the blocking
 * adapters (the client library, the {@code ov} CLI with its config file and home), and whether
 * they ask the server for telemetry. Opened when the run is built, so that a CLI that cannot answer
 * health is an error before any load; closed with the run's files.
 */
final class RunAdapters {
  private final RunConfig config;
  private final OvBinary ov;
  private final RunRecords records;
  private final RunGuard guard;
  private final ExecutorService adapterThreads;
  private final HttpProtocolBuilder httpProtocol;
  private final boolean telemetry;
  private final Map<String, BlockingAdapter> blocking = new LinkedHashMap<>();
  private final Path cliConfigFile;
  /** Reads the server's time of each {@code ov} process's exchanges; null without cli-subprocess or over https. */
  private ServerTimeRelay relay;
  /** Which {@code ov} the cli-subprocess adapter runs: run_config's {@code ov_cli}; null without that adapter. */
  private OvCliUsed ovCli;

  /** Which {@code ov} ran, as {@code run_config.json} says it. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonPropertyOrder({"path", "source", "version", "project_cli", "note"})
  record OvCliUsed(String path, String source, String version, boolean projectCli, String note) {}

  /** Probes the server's telemetry (unless told) and opens the blocking adapters; nothing else is sent. */
  RunAdapters(RunConfig config, OvBinary ov, RunRecords records, RunGuard guard, ExecutorService adapterThreads) {
    this.config = config;
    this.ov = ov;
    this.records = records;
    this.guard = guard;
    this.adapterThreads = adapterThreads;
    this.cliConfigFile = CliConfigFile.path(config.paths().localDataDir().resolve("runtime"), config.runId());
    this.httpProtocol = SdkOperations.protocol(config);
    TelemetryProbe probe = TelemetryProbe.decide(config);
    records.note(probe.note());
    this.telemetry = probe.on();
    try {
      openBlocking();
    } catch (IOException e) {
      throw new ConfigException("opening the adapters failed: " + e.getMessage());
    }
  }

  private void openBlocking() throws IOException {
    if (config.adapters().contains("cli-http")) {
      blocking.put("cli-http", new ClientLibraryAdapter(Target.settings(config, config.connection().serverUrl()), telemetry));
    }
    if (config.adapters().contains("cli-subprocess")) {
      CliConfigFile.removeStale(cliConfigFile.getParent());
      CliConfigFile.write(cliConfigFile, config.connection().serverUrl(), config.connection().apiKey(), config.connection().account(), config.connection().user(),
          config.connection().timeoutSeconds());
      Path home = OvHome.prepare(config.paths().localDataDir().resolve("runtime/ov-home"));
      relay = ServerTimeRelay.start(config.connection().serverUrl(), telemetry);
      CliSubprocessAdapter cli = new CliSubprocessAdapter(ov.path(), cliConfigFile, home, config.connection().timeoutSeconds(),
          adapterThreads, relay);
      // as the script's adapter initialisation: a CLI that cannot even answer health is an error now
      AdapterResult health = cli.health();
      if (!health.success()) {
        throw new ConfigException("'" + ov.path() + " health' failed (" + health.exceptionType() + ": "
            + health.errorMessage() + "): fix -DovBin or drop cli-subprocess from -Dadapters");
      }
      // our bin/ov has no --version; its source says what it is
      AdapterResult version = ov.projectCli() ? null : cli.version();
      ovCli = new OvCliUsed(ov.path(), ov.source(), version != null && version.success() && version.result() != null
          ? version.result().asText().strip() : null, ov.projectCli(), ov.note());
      blocking.put("cli-subprocess", cli);
    }
  }

  /** The run's options for {@code run_config.json}, with the {@code ov} the CLI adapter runs. */
  RunConfigFile describe() {
    return RunConfigFile.of(config, ov.path(), ovCli);
  }

  Operations operations(String adapter) {
    if (SdkOperations.ADAPTER.equals(adapter)) {
      return sdkOperations(telemetry);
    }
    return new BlockingOperations(blocking.get(adapter), config, adapterThreads, recorder(adapter));
  }

  /** The sdk adapter's operations, asking for telemetry or not (the cost benchmark runs both in one run). */
  SdkOperations sdkOperations(boolean askTelemetry) {
    return new SdkOperations(config, recorder(SdkOperations.ADAPTER), records.clock(), askTelemetry);
  }

  private OperationRecorder recorder(String adapter) {
    return new OperationRecorder(adapter, records.events(), records.tasks(), records.clock(), guard);
  }

  /** The sdk adapter's HTTP protocol: this run's server (a plan's runs may target different stand-ins). */
  HttpProtocolBuilder httpProtocol() {
    return httpProtocol;
  }

  /** Closes the blocking adapters and removes the CLI's config file, which holds the API key. */
  void close() throws IOException {
    blocking.values().forEach(BlockingAdapter::close);
    if (relay != null) {
      relay.close();
    }
    Files.deleteIfExists(cliConfigFile);
  }
}
