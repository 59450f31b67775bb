package ovload.model;

/** A phase or operation as the spec's files spell it: the one place the name is written. */
public interface WireNamed {
  /** The name in the spec's files. */
  String wireName();

  /** True when a file's {@code name} is this one's. */
  default boolean is(String name) {
    return wireName().equals(name);
  }
}
