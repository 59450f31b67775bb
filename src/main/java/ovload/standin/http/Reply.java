package ovload.standin.http;

/** A handler's answer: the {@code result} and how the route's success envelope is rendered. */
public record Reply(Object result, Envelope envelope) {
  /** How the real route renders its envelope: every key, only status and result, or every key plus has_more. */
  public enum Envelope { FULL, COMPACT, LISTING }

  public static Reply full(Object result) {
    return new Reply(result, Envelope.FULL);
  }

  public static Reply compact(Object result) {
    return new Reply(result, Envelope.COMPACT);
  }

  public static Reply listing(Object result) {
    return new Reply(result, Envelope.LISTING);
  }
}
