package ovload.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.config.RunConfig;
import ovload.config.RunConfigFile;
import ovload.gatling.feeders.Document;
import ovload.recording.ModelStatsFile;
import ovload.recording.ResourceSampler;
import ovload.recording.ServerQueueDrain;
import ovload.serverside.ServerInside;

/**
 * What one run does around its load, on the local disk and the server: before it, the documents
 * written, the remote tree cleared and made, the common start awaited, sampling, the server's
 * metrics and profiles and the model provider's counters started; after it, the counters saved, the
 * server's queues awaited and the run's data cleaned up when asked. Each is acquired in {@link #prepare} and released in
 * {@link #stopSampling}.
 */
final class RunPreparation {
  private final RunConfig config;
  private final Target target;
  private final RunRecords records;
  private final Supplier<List<Document>> seedDocuments;
  private ResourceSampler sampler;
  private OpenVikingClient observer;
  private ModelStatsFile modelStats;
  private ServerInside inside;

  /** @param seedDocuments every adapter's add_resources documents, this shard's slice */
  RunPreparation(RunConfig config, Target target, RunRecords records, Supplier<List<Document>> seedDocuments) {
    this.config = config;
    this.target = target;
    this.records = records;
    this.seedDocuments = seedDocuments;
  }

  /**
   * Writes the configuration, prepares local documents and the remote tree (cleared first unless
   * told not to), waits for {@code -DstartAt} and starts sampling. A failure is the server's: the
   * run is refused with its folder.
   */
  void prepare(Supplier<RunConfigFile> described) {
    try {
      records.writeConfig(described.get());
      records.note(target.description());
      seedDocuments.get().forEach(Document::write);
      try (OpenVikingClient client = Target.client(config, config.connection().serverUrl())) {
        RemotePreparation remote = new RemotePreparation(client, config);
        if (config.data().clearBeforeRun()) {
          records.note("cleared " + describe(remote.clear()));
        }
        remote.ensureTree();
      }
      awaitStart();
      startSampler();
      startInside();
      // one generator resets and reads the model provider's counters: the others' resets would erase its counts
      if (config.watch().modelStatsUrl() != null && config.shard().index() == 0) {
        modelStats = new ModelStatsFile(config.watch().modelStatsUrl());
        modelStats.reset();
      }
    } catch (RuntimeException | IOException | InterruptedException e) {
      records.note("fatal: preparation failed: " + e.getMessage());
      throw new UnreachableServerException("preparing the run failed: " + e.getMessage(), config.paths().outputDir());
    }
  }

  /**
   * {@code -DstartAt}: the shards of a run, prepared each on its own, begin their first phase
   * together. The run's clock starts anew then, so that its time counts from the common start.
   */
  private void awaitStart() throws InterruptedException {
    Instant at = config.shard().startAt();
    if (at == null) {
      return;
    }
    long waitMillis = at.toEpochMilli() - System.currentTimeMillis();
    if (waitMillis > 0) {
      System.out.printf("ovload %s waits %.1f s for -DstartAt=%s%n",
          config.shard().sharded() ? config.shard().label() + " of " + config.shard().count() : "run",
          waitMillis / 1000.0, at);
      Thread.sleep(waitMillis);
    }
    records.note("began at -DstartAt " + at + (waitMillis > 0 ? "" : " (" + (-waitMillis) + " ms late: prepared after it)"));
    records.clock().restart();
  }

  /** One row a second into resources.csv; the queue observer costs the server one request a second. */
  private void startSampler() throws IOException {
    observer = new OpenVikingClient(new ClientSettings(config.connection().serverUrl(), config.connection().apiKey(),
        config.connection().account(), config.connection().user(), Duration.ofSeconds(2), Map.of()));
    sampler = new ResourceSampler(config.paths().outputDir(), records.clock(), target.sampled(), this::observerTable,
        records.failures());
  }

  /** The server's metrics and per-phase profiles, beside the sampler; the phase tracker tells it when phases start. */
  private void startInside() {
    ResourceSampler.Target sampled = target.sampled();
    boolean embedded = config.connection().embeddedServer();
    inside = ServerInside.start(config.watch().inside(), new ServerInside.Server(target.url(),
        sampled == null ? null : sampled.pid(), embedded, embedded && config.standin().inProcess()),
        records.clock(), config.paths().outputDir(), records::note);
    records.watchPhases(inside::phaseStarted);
  }

  /** The server's queue observer table, or null when it cannot be read. */
  private String observerTable() {
    try {
      return observer.observer("queue").path("status").asText(null);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** {@code -DdrainServerQueues}: after the final drain, waits for the server's own queues to empty. */
  void awaitServerQueues() {
    try {
      ServerQueueDrain drain = ServerQueueDrain.await(this::observerTable, records.clock(), config.drainTimeoutSeconds());
      drain.write(config.paths().outputDir());
    } catch (IOException e) {
      records.note("the wait for the server's queues could not be recorded: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      records.note("the wait for the server's queues was interrupted");
    }
  }

  /** The load is over: the model provider's counters saved and, with {@code -DcleanupAtEnd}, the remote data removed. */
  void afterLoad() {
    if (modelStats != null) {
      try {
        modelStats.save(config.paths().outputDir());
      } catch (IOException | InterruptedException e) {
        records.note("the model provider's stats could not be read from " + config.watch().modelStatsUrl() + ": " + e);
      }
    }
    if (config.data().cleanupAtEnd()) {
      try (OpenVikingClient client = Target.client(config, config.connection().serverUrl())) {
        records.note("cleanup at end: removed " + describe(new RemotePreparation(client, config).clear()));
      } catch (RuntimeException e) {
        records.note("cleanup_at_end failed: " + e.getMessage());
      }
    }
  }

  /** Sampling and its queue observer stop; a run that never began started neither. */
  void stopSampling() {
    if (inside != null) {
      inside.close();
    }
    if (sampler != null) {
      sampler.close();
      observer.close();
    }
  }

  private String describe(RemotePreparation.Cleared cleared) {
    return config.data().dataRootUri() + ", " + cleared.sessions() + " sessions with prefix " + config.data().sessionPrefix()
        + " and " + cleared.memoryFolders() + " memory folders of theirs";
  }
}
