package ovload.simulation;

import ovload.config.ConfigException;

/** The server cannot be reached, did not start, or refused the run's preparation: not a bad option. */
final class UnreachableServerException extends ConfigException {
  UnreachableServerException(String message) {
    super(message);
  }
}
