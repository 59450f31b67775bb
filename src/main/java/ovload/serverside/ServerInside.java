package ovload.serverside;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import ovload.config.ServerInsideOptions;
import ovload.recording.RunClock;
import ovload.serverside.metrics.MetricsScraper;
import ovload.serverside.profile.ExternalProfiler;
import ovload.serverside.profile.JfrProfiler;
import ovload.serverside.profile.PhaseProfiles;
import ovload.serverside.profile.Profiler;

/**
 * The run's look inside the server, for as long as the run lasts: its metrics scraped once a second
 * (when {@code /metrics} answers at the start) and a profile of each timed phase. Each source that
 * is off says why in one note; neither ever stops the run.
 */
public final class ServerInside implements AutoCloseable {
  /** The server as this class needs it. */
  public record Server(String url, Long pid, boolean embedded, boolean inProcess) {}

  private final MetricsScraper scraper;
  private final PhaseProfiles profiles;

  private ServerInside(MetricsScraper scraper, PhaseProfiles profiles) {
    this.scraper = scraper;
    this.profiles = profiles;
  }

  public static ServerInside start(ServerInsideOptions options, Server server, RunClock clock, Path runDir, Consumer<String> note) {
    MetricsScraper scraper = null;
    String url = options.metricsUrlFor(server.url());
    if (url == null) {
      note.accept("server metrics: off (-DserverMetricsUrl=off)");
    } else {
      MetricsScraper.Probe probe = MetricsScraper.probe(url);
      if (probe.on()) {
        try {
          scraper = MetricsScraper.start(url, clock, runDir);
          note.accept("server metrics: on, " + probe.why() + ", scraped every second into " + MetricsScraper.FILE);
        } catch (IOException e) {
          note.accept("server metrics: off, " + MetricsScraper.FILE + " cannot be written: " + e.getMessage());
        }
      } else {
        note.accept("server metrics: off, " + probe.why());
      }
    }
    PhaseProfiles profiles = null;
    Profiler profiler;
    try {
      profiler = profiler(options, server, note);
    } catch (IOException e) {
      note.accept("server profile: off, " + e.getMessage());
      profiler = null;
    }
    if (profiler != null) {
      try {
        profiles = new PhaseProfiles(profiler, runDir, note);
        note.accept("server profile: " + profiler.description() + ", one per timed phase into " + PhaseProfiles.DIR + "/");
      } catch (IOException e) {
        note.accept("server profile: off, " + PhaseProfiles.DIR + "/ cannot be made: " + e.getMessage());
      }
    }
    return new ServerInside(scraper, profiles);
  }

  private static Profiler profiler(ServerInsideOptions options, Server server, Consumer<String> note) throws IOException {
    switch (options.profiler()) {
      case ServerInsideOptions.JFR:
        return server.inProcess() ? JfrProfiler.inThisJvm() : JfrProfiler.child(server.pid());
      case ServerInsideOptions.COMMAND:
        return ExternalProfiler.command(options.profileCommand(), server.pid());
      case ServerInsideOptions.PY_SPY:
        String pySpy = findPySpy(System.getenv().getOrDefault("PATH", ""), server.pid());
        if (pySpy == null) {
          note.accept("server profile: off, py-spy was found neither on the PATH nor beside the server's Python "
              + "(pip install py-spy into the server's venv)");
          return null;
        }
        return ExternalProfiler.pySpy(pySpy, server.pid());
      default:
        note.accept("server profile: off (-DprofileServer=off)");
        return null;
    }
  }

  /** py-spy on the PATH, else in a folder of the server's command line (a venv's {@code bin/}, where pip puts it). */
  static String findPySpy(String pathVariable, Long pid) {
    List<Path> folders = new ArrayList<>();
    for (String p : pathVariable.split(java.io.File.pathSeparator)) {
      if (!p.isEmpty()) {
        folders.add(Path.of(p));
      }
    }
    if (pid != null) {
      try {
        byte[] cmdline = Files.readAllBytes(Path.of("/proc", pid.toString(), "cmdline"));
        for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
          Path parent = arg.startsWith("/") ? Path.of(arg).getParent() : null;
          if (parent != null) {
            folders.add(parent);
          }
        }
      } catch (IOException | RuntimeException ignored) {
        // no command line to look in
      }
    }
    for (Path folder : folders) {
      Path candidate = folder.resolve("py-spy");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }

  /** A phase began (the run's phase tracker tells). */
  public void phaseStarted(String adapter, String scenario) {
    if (profiles != null) {
      profiles.phaseStarted(adapter, scenario);
    }
  }

  /** The last profile stopped, the last scrape taken. */
  @Override
  public void close() {
    if (profiles != null) {
      profiles.close();
    }
    if (scraper != null) {
      scraper.close();
    }
  }
}
