package ovload.gatling.actions;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.LoggerFactory;
import ovload.adapters.AdapterResult;
import ovload.adapters.CallListener;
import ovload.model.Interruption;
import ovload.model.Operation;
import scala.Option;

/**
 * A Gatling action around one blocking adapter call. The call runs on the adapter's own executor,
 * never on Gatling's event loop; its timing goes to Gatling's stats engine (so the adapter shows in
 * Gatling's report) and to the {@link CallListener} (our events); the virtual user then continues
 * on its own event loop. Once the run is being stopped (a signal came) no call starts: the user
 * ends there, without a request, checked again on the adapter's thread just before the call; a user
 * whose call a signal cut off ends too.
 */
final class AdapterCallAction implements Action {
  private static final Logger LOGGER =
      Logger.apply(LoggerFactory.getLogger(AdapterCallAction.class));

  private final Operation operation;
  private final Function<io.gatling.javaapi.core.Session, String> requestName;
  private final Function<io.gatling.javaapi.core.Session, AdapterCall> call;
  private final Executor executor;
  private final CallListener listener;
  private final BooleanSupplier stopping;
  private final StatsEngine statsEngine;
  /** Gatling's end of a virtual user. */
  private final Action exit;
  private final Action next;

  AdapterCallAction(
      Operation operation,
      Function<io.gatling.javaapi.core.Session, String> requestName,
      Function<io.gatling.javaapi.core.Session, AdapterCall> call,
      Executor executor,
      CallListener listener,
      BooleanSupplier stopping,
      StatsEngine statsEngine,
      Action exit,
      Action next) {
    this.operation = operation;
    this.requestName = requestName;
    this.call = call;
    this.executor = executor;
    this.listener = listener;
    this.stopping = stopping;
    this.statsEngine = statsEngine;
    this.exit = exit;
    this.next = next;
  }

  @Override
  public String name() {
    return "ovload-" + operation;
  }

  @Override
  public void execute(Session session) {
    if (stopping.getAsBoolean()) {
      exit.$bang(session);
      return;
    }
    io.gatling.javaapi.core.Session javaSession = new io.gatling.javaapi.core.Session(session);
    // Reading the session's attributes is cheap and belongs on the event loop; the call does not.
    String name;
    AdapterCall prepared;
    try {
      name = requestName.apply(javaSession);
      prepared = call.apply(javaSession);
    } catch (RuntimeException e) {
      // a missing attribute is a bug in the chain: report it and let the user go on
      statsEngine.logRequestCrash(session.scenario(), session.groups(), "ovload-" + operation, e.toString());
      next.$bang(session.markAsFailed());
      return;
    }
    try {
      executor.execute(() -> run(session, javaSession, name, prepared));
    } catch (RejectedExecutionException e) {
      if (stopping.getAsBoolean()) {
        exit.$bang(session); // the exit stopped the adapter's threads: no call, no crash
        return;
      }
      statsEngine.logRequestCrash(session.scenario(), session.groups(), name, "adapter executor stopped");
      next.$bang(session.markAsFailed());
    }
  }

  private void run(
      Session session, io.gatling.javaapi.core.Session javaSession, String name,
      AdapterCall prepared) {
    try {
      prepared.setup();
    } catch (RuntimeException e) {
      LOGGER.underlying().warn("setup of {} failed", name, e);
    }
    if (stopping.getAsBoolean()) {
      session.eventLoop().execute(() -> exit.$bang(session));
      return;
    }
    long startMillis = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    AdapterResult result;
    try {
      result = prepared.call();
    } catch (RuntimeException e) {
      result = AdapterResult.failed(null, e.getClass().getSimpleName(), e.getMessage(), null);
    }
    long endNanos = System.nanoTime();
    long endMillis = startMillis + (endNanos - startNanos) / 1_000_000L;
    statsEngine.logResponse(
        session.scenario(),
        session.groups(),
        name,
        startMillis,
        endMillis,
        result.success() ? OK$.MODULE$ : KO$.MODULE$,
        Option.apply(result.statusCode() == null ? null : result.statusCode().toString()),
        Option.apply(result.success() ? null : result.errorMessage()));
    try {
      listener.completed(javaSession, operation, startNanos, endNanos, result);
    } catch (RuntimeException e) {
      LOGGER.underlying().error("recording {} failed", name, e);
    }
    if (stopping.getAsBoolean() || Interruption.is(result.exceptionType())) {
      // cut off by a signal (its ov may have had Ctrl-C before this JVM heard of it): no next call
      session.eventLoop().execute(() -> exit.$bang(session));
      return;
    }
    Session continued = result.success() ? session : session.markAsFailed();
    session.eventLoop().execute(() -> next.$bang(continued));
  }

  @Override
  public Logger logger() {
    return LOGGER;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
    // the logger is the static one above
  }
}
