package ovload.run;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Maven's side of a run acts for gatling:test only (the key out of the fork's environment: MavenRunTest). */
class BeforeForkTest {
  @Test
  void onlyTheGatlingTestGoalIsARun() {
    assertTrue(BeforeFork.gatlingTest("org.codehaus.plexus.classworlds.launcher.Launcher -B -o gatling:test -Dprofile=smoke"));
    assertTrue(BeforeFork.gatlingTest("org.codehaus.plexus.classworlds.launcher.Launcher io.gatling:gatling-maven-plugin:4.21.5:test"));
    assertFalse(BeforeFork.gatlingTest("org.codehaus.plexus.classworlds.launcher.Launcher -B test"));
    assertFalse(BeforeFork.gatlingTest("org.codehaus.plexus.classworlds.launcher.Launcher test -Dnote=gatling:tested"));
  }
}
