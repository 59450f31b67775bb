package ovload.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A child's environment holds no key: not by the launcher's command line, the key's own variable, or anywhere else. */
class ChildEnvironmentTest {
  @Test
  void everyVariableThatCarriesTheKeyGoesAndTheRestStays() {
    Map<String, String> env = new HashMap<>(Map.of(
        "MAVEN_CMD_LINE_ARGS", " gatling:test -Dprofile=smoke",
        "OPENVIKING_API_KEY", "from-the-environment",
        "MAVEN_OPTS", "-Xmx1g -DapiKey=s3cret-key",
        "CI_NOTE", "contains s3cret-key somewhere",
        "PATH", "/usr/bin:/bin",
        "HOME", "/root"));
    ChildEnvironment.scrub(env, List.of("s3cret-key"));
    assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/root"), env);
  }

  @Test
  void aBuilderIsCleanedOfTheKeysThisJvmHolds() {
    String key = "key-" + System.nanoTime();
    ChildEnvironment.secret(key);
    ProcessBuilder builder = new ProcessBuilder("true");
    builder.environment().put("SOME_VAR", "x" + key + "y");
    builder.environment().put("OTHER", "fine");
    ChildEnvironment.clean(builder);
    assertEquals(null, builder.environment().get("SOME_VAR"));
    assertEquals("fine", builder.environment().get("OTHER"));
  }
}
