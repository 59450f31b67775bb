package ovload.model;

/**
 * A request cut off by a signal (Ctrl-C, SIGTERM): neither a success nor a failure of the server.
 * Its event keeps the spec's fields: {@code success} false, this exception type, and the signal in
 * the error text ({@code interrupted by SIGINT}); the report counts it apart from the failures.
 */
public final class Interruption {
  public static final String EXCEPTION_TYPE = "Interrupted";

  private Interruption() {}

  /** {@code interrupted by SIGINT}. */
  public static String message(String signal) {
    return "interrupted by " + signal;
  }

  public static boolean is(String exceptionType) {
    return EXCEPTION_TYPE.equals(exceptionType);
  }
}
