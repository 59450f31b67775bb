package ovload.standin;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import ovload.standin.api.ModelTiming;
import ovload.standin.api.StandInApi;
import ovload.standin.api.TestHooks;
import ovload.standin.http.Authenticator;
import ovload.standin.http.Dispatcher;
import ovload.standin.http.NettyFront;
import ovload.standin.http.StandInMetrics;
import ovload.standin.store.EmbeddingBreaker;
import ovload.standin.store.Faults;
import ovload.standin.store.TaskBoard;
import ovload.support.DaemonThreads;

/**
 * An embedded OpenViking stand-in: the routes, headers, envelopes and error codes of the real
 * server's HTTP API, with real behaviour behind them. Binds loopback only. The pieces: the HTTP
 * front ({@code http}: Netty, the dispatcher, the route table), the route families ({@code api})
 * and what they work on ({@code store}); this class puts them together from a {@link StandInConfig}.
 */
public final class StandInServer implements AutoCloseable {
  /** The line a stand-in process prints once it serves: its base URL follows. */
  public static final String LISTENING = "OpenViking stand-in listening on ";
  /** Where a stand-in process takes its root API key from, so that the key stays off any command line. */
  public static final String API_KEY_ENV = "OPENVIKING_API_KEY";
  private final StandInConfig config;
  private final NettyFront http;
  private final ExecutorService threads;
  private final StandInApi api;

  private StandInServer(StandInConfig config) {
    this.config = config;
    Faults faults = new Faults(config.seed(), config.taskFailureRate(), config.unavailableRate(), config.jitter(),
        config.modelErrorRate());
    TaskBoard tasks = new TaskBoard(config.resourceWorkers(), config.commitWorkers(), faults, config.stuckQueue());
    EmbeddingBreaker breaker = new EmbeddingBreaker(config.breakerResetMillis(), System::currentTimeMillis);
    ModelTiming timing = new ModelTiming(config.embedMsPerChunk(), config.extractMsPerCommit(),
        config.modelMode().intentMs, config.retrievalDelayMs());
    this.api = new StandInApi(timing, faults, tasks, breaker, config.authMode());
    Dispatcher dispatcher = new Dispatcher(new Authenticator(config.authMode(), config.apiKey()), api.routes(),
        api::health, faults::unavailable, config.maxBodyBytes(), new StandInMetrics(tasks::queueGauges, api.modelCalls()));
    this.threads = Executors.newFixedThreadPool(config.httpThreads(), DaemonThreads.named("standin-http"));
    this.http = new NettyFront(config.port(), config.maxBodyBytes(), threads, dispatcher::exchange,
        dispatcher::rejected);
  }

  public static StandInServer start(StandInConfig config) {
    return new StandInServer(config);
  }

  public int port() {
    return http.port();
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public StandInConfig config() {
    return config;
  }

  /** For tests in this package: what they reach past the API for. */
  TestHooks hooks() {
    return api.hooks();
  }

  public StandInStats stats() {
    return api.stats();
  }

  @Override
  public void close() {
    http.close();
    threads.shutdownNow();
    api.close();
  }
}
