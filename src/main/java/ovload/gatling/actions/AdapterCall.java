package ovload.gatling.actions;

import java.util.function.Supplier;
import ovload.adapters.AdapterResult;

/** One prepared adapter call: {@link #setup()} runs untimed on the adapter's thread, then {@link #call()} is timed. */
@FunctionalInterface
public interface AdapterCall {
  AdapterResult call();

  default void setup() {}

  /** A call with untimed setup work (writing the file an add_resource uploads). */
  static AdapterCall withSetup(Runnable setup, Supplier<AdapterResult> call) {
    return new AdapterCall() {
      @Override
      public void setup() {
        setup.run();
      }

      @Override
      public AdapterResult call() {
        return call.get();
      }
    };
  }
}
