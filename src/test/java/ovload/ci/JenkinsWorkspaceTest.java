package ovload.ci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.tools.ant.DirectoryScanner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jenkinsfile's file patterns, parsed out of it and resolved with Ant's DirectoryScanner as Jenkins
 * resolves them, against a workspace that still holds an earlier build's run: every step sees this
 * build's files only, and Gatling's report is stored once.
 */
class JenkinsWorkspaceTest {
  private static final String THIS_TAG = "jenkins-ovload-4";
  private static final List<String> RUN_FILES = List.of("gates.xml", "jmeter.csv", "summary.html", "summary.md", "outcome.json",
      "request_summary.csv", "contentionsimulation-20261207120000000/index.html",
      "contentionsimulation-20261207120000000/js/global_stats.json", "contentionsimulation-20261207120000000/js/stats.js");

  @TempDir Path workspace;
  private PipelineSteps pipeline;
  private Map<String, String> env;
  private long buildStart;

  @BeforeEach
  void workspaceWithEarlierBuilds() throws Exception {
    pipeline = PipelineSteps.parse(Path.of("Jenkinsfile"));
    long earlier = System.currentTimeMillis() - 3_600_000;
    buildStart = System.currentTimeMillis() - 60_000;
    // an earlier build of this job (a tag that this one's is a prefix of), and one of the old layout reports/jenkins-<n>
    for (String old : List.of("reports/jenkins-ovload-41", "reports/jenkins-41")) {
      for (String file : RUN_FILES) {
        write(old + "/" + file, earlier);
      }
    }
    write("target/surefire-reports/TEST-ovload.RemovedTest.xml", earlier);
    for (String file : RUN_FILES) {
      write("reports/" + THIS_TAG + "/" + file, System.currentTimeMillis());
    }
    write("target/surefire-reports/TEST-ovload.SomeTest.xml", System.currentTimeMillis());
    env = new HashMap<>(Map.of("BUILD_TAG", THIS_TAG));
  }

  @Test
  void theRunFolderIsTheBuildsOwn() {
    assertEquals("reports/" + THIS_TAG, pipeline.resolve(pipeline.assignments().get("RUN_DIR"), env));
  }

  @Test
  void junitReadsThisBuildsGatesAndTestsOnly() throws IOException {
    Map<String, String> junit = pipeline.step("junit");
    assertEquals("true", junit.get("skipOldReports"), "a Surefire report of a removed test is an earlier build's");
    Set<String> read = new TreeSet<>();
    for (String file : scan(pipeline.resolve(junit.get("testResults"), env), null)) {
      if (Files.getLastModifiedTime(workspace.resolve(file)).toMillis() >= buildStart) {
        read.add(file);
      }
    }
    assertEquals(Set.of("reports/" + THIS_TAG + "/gates.xml", "target/surefire-reports/TEST-ovload.SomeTest.xml"), read);
  }

  @Test
  void thePerformancePluginCopiesThisBuildsJmeterCsvOnly() {
    // PerformancePublisher.locatePerformanceReports: parsers split on ';', each glob on [;:,], each listed by FilePath.list
    List<String> read = new ArrayList<>();
    for (String glob : pipeline.resolve(pipeline.step("perfReport").get("sourceDataFiles"), env).split("\\s*[;:,]+\\s*")) {
      read.addAll(scan(glob, null));
    }
    assertEquals(List.of("reports/" + THIS_TAG + "/jmeter.csv"), read);
  }

  @Test
  void gatlingArchiveTakesThisBuildsReportAndTheOthersStoreNoneOfIt() throws IOException {
    // GatlingPublisher.saveFullReports: every **/global_stats.json, its parent's parent, if modified since the build started
    List<String> archivedByGatling = new ArrayList<>();
    for (String stats : scan("**/global_stats.json", null)) {
      Path folder = workspace.resolve(stats).getParent().getParent();
      if (Files.getLastModifiedTime(folder).toMillis() > buildStart) {
        archivedByGatling.add(workspace.relativize(folder).toString());
      }
    }
    String report = "reports/" + THIS_TAG + "/contentionsimulation-20261207120000000";
    assertEquals(List.of(report), archivedByGatling);

    Map<String, String> html = pipeline.step("publishHTML");
    String reportDir = pipeline.resolve(html.get("target.reportDir"), env);
    List<String> published = scan(reportDir + "/" + html.get("target.includes"), null);
    assertEquals(List.of("reports/" + THIS_TAG + "/summary.html"), published, "HTML Publisher copies its includes of the report folder");

    Map<String, String> archive = pipeline.step("archiveArtifacts");
    List<String> archived = scan(pipeline.resolve(archive.get("artifacts"), env), pipeline.resolve(archive.get("excludes"), env));
    List<String> expected = RUN_FILES.stream().filter(f -> !f.startsWith("contentionsimulation-"))
        .map(f -> "reports/" + THIS_TAG + "/" + f).sorted().toList();
    assertEquals(expected, archived, "the run folder but Gatling's report, which gatlingArchive stores");
  }

  @Test
  void theOldPatternsWouldHaveReadEveryEarlierRun() {
    // the check above can fail: the patterns this Jenkinsfile replaced read the earlier builds' files
    assertEquals(3, scan("reports/**/gates.xml", null).size());
    assertEquals(3, scan("reports/**/jmeter.csv", null).size());
  }

  /** Ant's scan of comma-separated patterns, as Jenkins' Util.createFileSet tokenizes them; paths relative to the workspace. */
  private List<String> scan(String includes, String excludes) {
    DirectoryScanner scanner = new DirectoryScanner();
    scanner.setBasedir(workspace.toFile());
    scanner.setIncludes(Arrays.stream(includes.split(",")).map(String::trim).toArray(String[]::new));
    if (excludes != null) {
      scanner.setExcludes(Arrays.stream(excludes.split(",")).map(String::trim).toArray(String[]::new));
    }
    scanner.addDefaultExcludes();
    scanner.scan();
    return Stream.of(scanner.getIncludedFiles()).map(f -> f.replace('\\', '/')).sorted().toList();
  }

  private void write(String relative, long millis) throws IOException {
    Path file = workspace.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, relative);
    for (Path p = file; !p.equals(workspace); p = p.getParent()) {
      Files.setLastModifiedTime(p, FileTime.fromMillis(millis));
    }
  }
}
