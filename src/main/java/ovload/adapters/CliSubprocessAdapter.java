package ovload.adapters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import ovload.model.ErrorText;
import ovload.model.Interruption;
import ovload.support.ChildEnvironment;

/**
 * The cli-subprocess adapter: one {@code ov --output json --compact ...} process per operation,
 * configured through {@code OPENVIKING_CLI_CONFIG_FILE}, with a private {@code HOME} (the real
 * {@code ov} takes its display language from there), killed at the timeout. {@code
 * --no-progress} goes only before {@code add-resource}: current {@code ov} rejects it elsewhere.
 * With a {@link ServerTimeRelay}, each process sends its requests through it ({@code HTTP_PROXY}, as
 * a user of its own; no {@code NO_PROXY} lets a request around it), and the call's result carries
 * the server's time of its replies; a CLI that does not honour {@code HTTP_PROXY} (this project's
 * {@code bin/ov}) leaves it without one.
 */
public final class CliSubprocessAdapter implements BlockingAdapter {
  private final String ovBin;
  private final Path configFile;
  private final Path home;
  private final double timeoutSeconds;
  private final ExecutorService streamReaders;
  private final ServerTimeRelay relay;
  /** Proxy settings a process could inherit that would send its requests around the relay, or elsewhere. */
  private static final List<String> INHERITED_PROXIES = List.of("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy",
      "HTTPS_PROXY", "https_proxy");

  /** Without a relay: the calls carry no server time. */
  public CliSubprocessAdapter(String ovBin, Path configFile, Path home, double timeoutSeconds,
      ExecutorService streamReaders) {
    this(ovBin, configFile, home, timeoutSeconds, streamReaders, null);
  }

  /**
   * @param home the processes' {@code HOME} (see {@code ovload.provision.OvHome})
   * @param streamReaders threads that drain each process's stdout and stderr (two per live call)
   * @param relay the loopback relay that reads each reply's server time; null for none
   */
  public CliSubprocessAdapter(String ovBin, Path configFile, Path home, double timeoutSeconds,
      ExecutorService streamReaders, ServerTimeRelay relay) {
    this.ovBin = ovBin;
    this.configFile = configFile;
    this.home = home;
    this.timeoutSeconds = timeoutSeconds;
    this.streamReaders = streamReaders;
    this.relay = relay;
  }

  @Override
  public String name() {
    return "cli-subprocess";
  }

  @Override
  public AdapterResult health() {
    return run(List.of("health"), timeoutSeconds);
  }

  /** {@code ov --version}: the real one answers {@code openviking 0.5.2}. Not a benchmark operation. */
  public AdapterResult version() {
    return run(List.of("--version"), timeoutSeconds);
  }

  @Override
  public AdapterResult systemStatus() {
    return run(List.of("status"), timeoutSeconds);
  }

  @Override
  public AdapterResult observerQueue() {
    return run(List.of("observer", "queue"), timeoutSeconds);
  }

  @Override
  public AdapterResult addResource(Path file, String to, String reason) {
    return run(List.of("--no-progress", "add-resource", file.toString(), "--to", to, "--reason", reason),
        Math.max(timeoutSeconds, 60.0));
  }

  /**
   * {@code ov wait} takes no {@code --timeout} (the real CLI 0.5.2 exits 2 on it, and the server
   * ignores a timeout anyway): the drain timeout is enforced by killing the process.
   */
  @Override
  public AdapterResult waitProcessed(double waitTimeoutSeconds) {
    return run(List.of("wait"), waitTimeoutSeconds > 0 ? waitTimeoutSeconds + 5 : timeoutSeconds);
  }

  @Override
  public AdapterResult find(String query, String targetUri, int limit) {
    return run(List.of("find", query, "--uri", targetUri, "-n", Integer.toString(limit)), timeoutSeconds);
  }

  @Override
  public AdapterResult search(String query, String targetUri, String sessionId, int limit) {
    List<String> args = new ArrayList<>(List.of("search", query, "--uri", targetUri, "-n", Integer.toString(limit)));
    if (sessionId != null && !sessionId.isEmpty()) {
      args.addAll(List.of("--session-id", sessionId));
    }
    return run(args, timeoutSeconds);
  }

  @Override
  public AdapterResult grep(String uri, String pattern, int limit) {
    return run(List.of("grep", pattern, "--uri", uri, "-n", Integer.toString(limit)), timeoutSeconds);
  }

  @Override
  public AdapterResult glob(String uri, String pattern, int limit) {
    return run(List.of("glob", pattern, "--uri", uri, "-n", Integer.toString(limit)), timeoutSeconds);
  }

  @Override
  public AdapterResult addMessage(String sessionId, String role, String content) {
    return run(List.of("session", "add-message", sessionId, "--role", role, "--content", content), timeoutSeconds);
  }

  @Override
  public AdapterResult commitSession(String sessionId) {
    return run(List.of("session", "commit", sessionId), timeoutSeconds);
  }

  @Override
  public AdapterResult getTask(String taskId) {
    return run(List.of("task", "status", taskId), timeoutSeconds);
  }

  /** The full command line for {@code args}: global options first, as the real CLI wants them. */
  List<String> command(List<String> args) {
    List<String> command = new ArrayList<>(List.of(ovBin, "--output", "json", "--compact"));
    command.addAll(args);
    return command;
  }

  private AdapterResult run(List<String> args, double limitSeconds) {
    if (relay == null) {
      return run(args, limitSeconds, null);
    }
    try (ServerTimeRelay.Call call = relay.open()) {
      AdapterResult result = run(args, limitSeconds, call);
      return result.withTiming(call.timing());
    }
  }

  private AdapterResult run(List<String> args, double limitSeconds, ServerTimeRelay.Call call) {
    List<String> command = command(args);
    String commandLine = String.join(" ", command);
    Process process;
    try {
      ProcessBuilder builder = ChildEnvironment.clean(new ProcessBuilder(command)); // the key is in the config file only
      Map<String, String> env = builder.environment();
      env.put("OPENVIKING_CLI_CONFIG_FILE", configFile.toString());
      env.put("HOME", home.toString());
      if (call != null) {
        INHERITED_PROXIES.forEach(env::remove);
        env.put("HTTP_PROXY", call.proxyUrl());
        env.put("http_proxy", call.proxyUrl());
      }
      process = builder.start();
      process.getOutputStream().close(); // ov reads no input: end-of-file at once
    } catch (IOException e) {
      return AdapterResult.failed(null, "OSError", ErrorText.truncate(e.getMessage()), commandLine);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try {
      if (!process.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
        return AdapterResult.failed(null, "TimeoutError",
            "CLI command timed out after " + number(limitSeconds) + "s", commandLine);
      }
      return CliOutputParser.parse(process.exitValue(), stdout.get(), stderr.get(), commandLine);
    } catch (InterruptedException e) {
      // the JVM is exiting: the process goes with it, and the call is recorded as cut off
      Thread.currentThread().interrupt();
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      return AdapterResult.failed(null, Interruption.EXCEPTION_TYPE, "interrupted", commandLine);
    } catch (ExecutionException e) {
      return AdapterResult.failed(null, "OSError", ErrorText.truncate(String.valueOf(e.getCause())), commandLine);
    }
  }

  private CompletableFuture<String> drain(InputStream stream) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = stream) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, streamReaders);
  }

  private static String number(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }
}
