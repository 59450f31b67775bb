package ovload.model;

/** Error messages as the spec stores them: cut at 800 characters with a visible marker. */
public final class ErrorText {
  public static final int MAX_LENGTH = 800;

  private ErrorText() {}

  public static String truncate(String message) {
    if (message == null || message.length() <= MAX_LENGTH) {
      return message;
    }
    return message.substring(0, MAX_LENGTH) + "...[truncated]";
  }
}
