package ovload.ci;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.GroovyShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jenkinsfile is valid Groovy and holds the pipeline's required pieces. */
class JenkinsfileTest {
  private final String text;

  JenkinsfileTest() throws Exception {
    text = Files.readString(Path.of("Jenkinsfile"));
  }

  @Test
  void parsesAsGroovy() {
    assertDoesNotThrow(() -> new GroovyShell().parse(text, "Jenkinsfile.groovy"));
  }

  @Test
  void aBrokenPipelineWouldNotParse() {
    String broken = text.replaceFirst("\\}\\s*$", "");
    try {
      new GroovyShell().parse(broken, "Broken.groovy");
      throw new AssertionError("the parser accepted an unbalanced pipeline: the parse test would prove nothing");
    } catch (CompilationFailedException expected) {
      // the parse test can fail
    }
  }

  @Test
  void thePerformancePluginJudgesAgainstThePreviousBuildInRelativeModeWithEveryThresholdOff() throws Exception {
    Map<String, String> perf = PipelineSteps.parse(Path.of("Jenkinsfile")).step("perfReport");
    // modeOfThreshold false would run compareWithAbsoluteThreshold, ignoring compareBuildPrevious
    assertEquals("true", perf.get("modeOfThreshold"));
    assertEquals("true", perf.get("compareBuildPrevious"));
    assertEquals("PRT", perf.get("configType"), "the labels' 90th percentiles are compared");
    // unset, a threshold is 0, and 0 marks the build on any change the plugin's whole-hundreds arithmetic sees
    for (String threshold : List.of("relativeFailedThresholdPositive", "relativeFailedThresholdNegative",
        "relativeUnstableThresholdPositive", "relativeUnstableThresholdNegative", "errorFailedThreshold", "errorUnstableThreshold")) {
      assertEquals("-1", perf.get(threshold), threshold + ": our gates mark the build, not the plugin");
    }
    String doc = Files.readString(Path.of("docs/gates-and-ci.md"));
    assertTrue(doc.contains("modeOfThreshold: true") && doc.contains("calculateDiffInPercents"),
        "docs/gates-and-ci.md says why the plugin does not mark the build");
  }

  @Test
  void failedGatesLeaveTheLoadStageToTheJunitStepAndAnyOtherFailureFailsIt(@TempDir Path work) throws Exception {
    Matcher block = Pattern.compile("stage\\('Load test'\\).*?sh '''(.*?)'''", Pattern.DOTALL).matcher(text);
    assertTrue(block.find(), "the load stage's shell step");
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path mvn = bin.resolve("mvn");
    // a Maven that writes the outcome the suite would write and exits as Maven does (1 for every failure)
    Files.writeString(mvn, "#!/bin/sh\nmkdir -p \"$RUN_DIR\"\nprintf '{\"outcome\" : \"%s\"}' \"$FAKE_OUTCOME\" > \"$RUN_DIR/outcome.json\"\n"
        + "[ \"$FAKE_OUTCOME\" = passed ]\n");
    assertTrue(mvn.toFile().setExecutable(true));
    for (Map.Entry<String, Integer> expected : Map.of("passed", 0, "failed_gates", 0, "unreachable_server", 1, "bad_option", 1).entrySet()) {
      ProcessBuilder shell = new ProcessBuilder("bash", "-ec", block.group(1)).redirectErrorStream(true);
      shell.environment().put("PATH", bin + ":" + System.getenv("PATH"));
      shell.environment().put("RUN_DIR", work.resolve("run-" + expected.getKey()).toString());
      shell.environment().putAll(Map.of("FAKE_OUTCOME", expected.getKey(), "PROFILE", "smoke", "ADAPTERS", "sdk", "SERVER_URL", ""));
      Process process = shell.start();
      String output = new String(process.getInputStream().readAllBytes());
      assertEquals(expected.getValue(), process.waitFor(), expected.getKey() + ": " + output);
    }
  }

  @Test
  void holdsParametersCredentialsAndPublishers() {
    for (String piece : List.of("name: 'PROFILE'", "name: 'SERVER_URL'", "name: 'ADAPTERS'",
        "credentialsId: 'openviking-api-key'", "variable: 'OPENVIKING_API_KEY'", "stage('Tests')", "stage('Load test')",
        "mvn -B -ntp test", "gatling:test", "always {", "junit", "gates.xml", "perfReport", "jmeter.csv",
        "compareBuildPrevious: true", "gatlingArchive()", "publishHTML", "reportFiles: 'summary.html'", "archiveArtifacts")) {
      assertTrue(text.contains(piece), "Jenkinsfile lacks " + piece);
    }
    assertTrue(text.contains("rm -rf target/test-runs"),
        "the tests' Gatling reports are gone before gatlingArchive() walks the workspace");
    assertFalse(text.contains("gatling/index.html"), "no report folder named gatling/: the runs' own names are kept");
    assertFalse(text.contains("echo $OPENVIKING_API_KEY") || text.contains("-DapiKey"), "the key is never echoed or put on a command line");
  }
}
