package ovload.ovcli;

/** A bad command line or configuration: the CLI prints the one-line message and exits 2. */
final class UsageException extends RuntimeException {
  UsageException(String message) {
    super(message);
  }
}
