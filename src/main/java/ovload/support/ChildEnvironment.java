package ovload.support;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The environment every child process of a run starts with (the stand-in, {@code ov}, {@code git},
 * {@code pip}): none of the API key. A child inherits its parent's environment whole, and Maven's
 * launcher puts the whole command line, {@code -DapiKey} included, in {@code MAVEN_CMD_LINE_ARGS};
 * so the variables that carry what the user typed or the key by name go, and so does every
 * variable whose value holds a key the run uses ({@link #secret}), wherever the user put it.
 */
public final class ChildEnvironment {
  /** Variables a child never needs that carry the key: the launcher's command line, the key's own variable. */
  public static final List<String> DROPPED = List.of("MAVEN_CMD_LINE_ARGS", "OPENVIKING_API_KEY");
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private ChildEnvironment() {}

  /** A key this JVM holds: no child sees a variable whose value contains it. */
  public static void secret(String value) {
    if (value != null && !value.isEmpty()) {
      SECRETS.add(value);
    }
  }

  /** The builder with its environment scrubbed; what it adds afterwards is its own choice. */
  public static ProcessBuilder clean(ProcessBuilder builder) {
    scrub(builder.environment(), SECRETS);
    return builder;
  }

  static void scrub(Map<String, String> env, Collection<String> secrets) {
    env.keySet().removeIf(DROPPED::contains);
    env.values().removeIf(value -> secrets.stream().anyMatch(value::contains));
  }
}
