package ovload.serverside.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import ovload.model.Phase;
import ovload.support.DaemonThreads;

/**
 * A server profile of each timed load phase (retrieval, mixed) of each adapter, into
 * {@code profiles/<adapter>-<phase>.collapsed} (and {@code .svg} where the profiler draws one): a
 * phase's profile starts when its first user starts and stops when the next phase starts (phases
 * run one after another) or the run ends; JFR, which records throughout, cuts those windows from its
 * recording when the run ends. Starting and stopping run on a thread of their own, so that py-spy
 * writing its files never holds up the load. The first failure is one note, and no further profile
 * is tried.
 */
public final class PhaseProfiles implements AutoCloseable {
  public static final String DIR = "profiles";

  private final Profiler profiler;
  private final Path dir;
  private final Consumer<String> note;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(DaemonThreads.named("ovload-profiler"));
  private Profiler.Session current;
  private String currentName;
  private boolean failed;

  public PhaseProfiles(Profiler profiler, Path runDir, Consumer<String> note) throws IOException {
    this.profiler = profiler;
    this.dir = Files.createDirectories(runDir.resolve(DIR));
    this.note = note;
  }

  /** The file name of a phase's profile, without its extension. */
  public static String name(String adapter, String phase) {
    return adapter + "-" + phase;
  }

  /** A phase began: the running profile stops, and a timed phase's starts. */
  public void phaseStarted(String adapter, String scenario) {
    worker.execute(() -> {
      stopCurrent();
      Optional<Phase> phase = Phase.named(scenario);
      if (failed || phase.isEmpty() || (phase.get() != Phase.RETRIEVAL && phase.get() != Phase.MIXED)) {
        return;
      }
      currentName = name(adapter, phase.get().wireName());
      try {
        current = profiler.start(dir, currentName);
      } catch (IOException | RuntimeException e) {
        fail("from " + currentName + " on", e.getMessage());
      }
    });
  }

  private void stopCurrent() {
    if (current == null) {
      return;
    }
    try {
      current.stop();
    } catch (IOException | RuntimeException e) {
      fail("from " + currentName + " on", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    current = null;
  }

  /** The profiler writes what it kept for the run's end (and releases what it holds, even after a failure). */
  private void finish() {
    try {
      profiler.finish();
    } catch (IOException | RuntimeException e) {
      fail("of any phase", e.getMessage());
    }
  }

  private void fail(String which, String why) {
    if (!failed) {
      failed = true;
      note.accept("no server profile " + which + " (" + profiler.description() + "): " + why
          + "; the run goes on without one");
    }
  }

  /** The run ended: the running profile stops and every profile's files are written. */
  @Override
  public void close() {
    worker.execute(() -> {
      stopCurrent();
      finish();
    });
    worker.shutdown();
    try {
      worker.awaitTermination(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
