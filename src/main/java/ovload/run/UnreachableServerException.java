package ovload.run;

import java.nio.file.Path;
import ovload.config.ConfigException;

/** The server cannot be reached, did not start, or refused the run's preparation: not a bad option. */
final class UnreachableServerException extends ConfigException {
  private final transient Path runFolder;

  /** @param runFolder the folder of the run that began and was refused, or null when none began */
  UnreachableServerException(String message, Path runFolder) {
    super(message);
    this.runFolder = runFolder;
  }

  Path runFolder() {
    return runFolder;
  }
}
