package ovload.ci;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import groovy.lang.GroovyShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.codehaus.groovy.control.CompilationFailedException;
import org.junit.jupiter.api.Test;

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
