package ovload.standin;

import ovload.tools.Ovload;
import ovload.tools.StandInCommand;

/**
 * The stand-in as a process of its own, by this class's name: {@link StandInProcess} starts it so, as
 * the suite's child, and reads its listening line. The options are {@code ovload standin}'s
 * ({@link StandInCommand}); the API key may come from {@link #API_KEY_ENV} instead of {@code --api-key},
 * which any {@code ps} would show.
 */
public final class StandInMain {
  public static final String LISTENING = "OpenViking stand-in listening on ";
  public static final String API_KEY_ENV = "OPENVIKING_API_KEY";

  private StandInMain() {}

  public static void main(String[] args) {
    Ovload.main(StandInCommand.class, args);
  }
}
