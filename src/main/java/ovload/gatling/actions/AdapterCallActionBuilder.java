package ovload.gatling.actions;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.Session;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import ovload.adapters.CallListener;
import ovload.model.Operation;

/**
 * Java DSL entry for {@link AdapterCallAction}: {@code exec(new AdapterCallActionBuilder(...))}.
 *
 * @param operation the benchmark operation (find, add_resource, ...)
 * @param requestName the name Gatling's report shows, from the session
 * @param call reads the session's parameters and returns the blocking call to make
 * @param stopping whether the run is being stopped (a signal came): the user then ends without a call
 */
public record AdapterCallActionBuilder(
    Operation operation,
    Function<Session, String> requestName,
    Function<Session, AdapterCall> call,
    Executor executor,
    CallListener listener,
    BooleanSupplier stopping)
    implements ActionBuilder {

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new AdapterCallAction(operation, requestName, call, executor, listener, stopping,
            ctx.coreComponents().statsEngine(), ctx.coreComponents().exit(), next);
      }
    };
  }
}
