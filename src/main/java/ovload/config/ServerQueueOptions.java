package ovload.config;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import ovload.standin.StandInConfig;

/**
 * How a run watches the server's own queues.
 *
 * @param drainServerQueues the final drain also waits (up to the drain timeout) for the server's
 *     queues to empty ({@code -DdrainServerQueues})
 * @param livelockSeconds how long a queue must take and put back work without draining to be
 *     flagged a livelock ({@code -DlivelockSeconds}, default 30)
 * @param standinStuckQueue the embedded stand-in's stuck-queue fault ({@code -DstandinStuckQueue}):
 *     the observer's name of a queue whose work is requeued for ever; null for none
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ServerQueueOptions(boolean drainServerQueues, double livelockSeconds, String standinStuckQueue) {

  static ServerQueueOptions from(Settings s, boolean embedded) {
    String stuck = s.string("standinStuckQueue", null, null);
    if (stuck != null && !StandInConfig.QUEUES.contains(stuck)) {
      throw new ConfigException("unknown -DstandinStuckQueue '" + stuck + "': use one of "
          + String.join("|", StandInConfig.QUEUES));
    }
    if (stuck != null && !embedded) {
      throw new ConfigException("-DstandinStuckQueue is a fault of the embedded stand-in: leave -DserverUrl unset or drop it");
    }
    return new ServerQueueOptions(s.flag("drainServerQueues", false), s.seconds("livelockSeconds", 30, 1), stuck);
  }
}
