package ovload.standin.http;

/** A handler's answer: the {@code result} and how the route's success envelope is rendered. */
public record Reply(Object result, Envelope envelope) {
  /**
   * How the real route renders its envelope: every key, only status and result, every key plus
   * has_more, or no envelope at all (a download's bytes).
   */
  public enum Envelope { FULL, COMPACT, LISTING, RAW }

  public static Reply full(Object result) {
    return new Reply(result, Envelope.FULL);
  }

  public static Reply compact(Object result) {
    return new Reply(result, Envelope.COMPACT);
  }

  public static Reply listing(Object result) {
    return new Reply(result, Envelope.LISTING);
  }

  public static Reply raw(byte[] bytes) {
    return new Reply(bytes, Envelope.RAW);
  }
}
