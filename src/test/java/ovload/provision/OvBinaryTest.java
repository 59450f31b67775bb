package ovload.provision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.config.ConfigException;
import ovload.config.OvBinSetting;
import ovload.config.RunConfig;

/**
 * Each rung of the cli-subprocess {@code ov} resolution: -DovBin, OV_BIN, PATH, OpenViking's ov
 * fetched into target/ (already there, or downloaded now by a {@code python3 -m pip download} that
 * a script on the PATH plays), and only then bin/ov, with the reason.
 */
class OvBinaryTest {
  private static final Duration FETCH = Duration.ofSeconds(60);
  @TempDir Path project;
  @TempDir Path tools;

  private Path executable(Path file, String body) throws Exception {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    assertTrue(file.toFile().setExecutable(true));
    return file;
  }

  private Path projectCli() throws Exception {
    return executable(project.resolve("bin/ov"), "exit 2");
  }

  private Path pathOv() throws Exception {
    return executable(tools.resolve("pathbin/ov"), "echo path-ov");
  }

  private OvBinary resolve(String property, String envValue, String path) {
    return OvBinary.resolve(new OvBinSetting(property, envValue), project, Map.of("PATH", path), FETCH);
  }

  /**
   * A {@code python3} that plays {@code pip download}: copies {@code wheel} into the {@code -d}
   * folder, or fails as pip does offline when {@code wheel} is null.
   */
  private String fakePython(Path wheel) throws Exception {
    String body = wheel == null
        ? "echo 'ERROR: Could not find a version that satisfies the requirement openviking==0.5.2' >&2; exit 1"
        : "while [ $# -gt 0 ]; do if [ \"$1\" = -d ]; then cp '" + wheel + "' \"$2\"/; fi; shift; done";
    Path python = executable(tools.resolve("pybin/python3"), "echo \"$*\" >> '" + tools.resolve("pip.log") + "'\n" + body);
    return python.getParent().toString();
  }

  /** A wheel laid out as openviking's: the binary answers --version only with its private HOME's language set. */
  private Path wheel(String versionLine) throws Exception {
    Path whl = tools.resolve("openviking-0.5.2-cp310-abi3-manylinux_2_31_x86_64.whl");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(whl))) {
      add(zip, "openviking/__init__.py", "");
      add(zip, "openviking/bin/ov", "#!/bin/sh\n"
          + "[ -f \"$HOME/.openviking/ovcli.settings.conf\" ] || { echo 'OpenViking needs a display language' >&2; exit 2; }\n"
          + "[ -f \"$(dirname \"$0\")/../../openviking.libs/liblzma-x.so.5\" ] || { echo 'liblzma missing' >&2; exit 127; }\n"
          + "echo '" + versionLine + "'\n");
      add(zip, "openviking.libs/liblzma-x.so.5", "lib");
      add(zip, "openviking/server/app.py", "");
    }
    return whl;
  }

  private static void add(ZipOutputStream zip, String name, String text) throws Exception {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  @Test
  void theSystemPropertyComesFirstThenOvBinThenThePath() throws Exception {
    projectCli();
    Path property = executable(tools.resolve("a/ov"), "echo a");
    Path env = executable(tools.resolve("b/ov"), "echo b");
    Path onPath = pathOv();
    String path = onPath.getParent().toString();
    assertEquals(new OvBinary(property.toString(), "-DovBin", false, null), resolve(property.toString(), env.toString(), path));
    assertEquals(new OvBinary(env.toString(), "OV_BIN", false, null), resolve(null, env.toString(), path));
    assertEquals(new OvBinary(onPath.toString(), "PATH", false, null), resolve(null, null, path));
    assertEquals(new OvBinary(onPath.toString(), "-DovBin", false, null), resolve("ov", null, path),
        "a bare name is looked up on the PATH");
  }

  @Test
  void aBadSettingIsAnErrorNamingWhereItCameFrom() {
    String fromProperty = assertThrows(ConfigException.class, () -> resolve("/nonexistent/ov", null, "")).getMessage();
    assertTrue(fromProperty.startsWith("-DovBin '/nonexistent/ov' is not an executable file"), fromProperty);
    String fromEnv = assertThrows(ConfigException.class, () -> resolve(null, "/nonexistent/ov", "")).getMessage();
    assertTrue(fromEnv.startsWith("OV_BIN '/nonexistent/ov' is not an executable file"), fromEnv);
    assertTrue(fromEnv.contains("scripts/fetch-ov.sh"), fromEnv);
  }

  @Test
  void anAlreadyFetchedOvComesBeforeBinOvWithoutAnyDownload() throws Exception {
    projectCli();
    Path fetched = executable(OvWheel.binary(project), "echo 'openviking 0.5.2'");
    String python = fakePython(null);
    assertEquals(new OvBinary(fetched.toString(), OvBinary.FETCHED, false, null), resolve(null, null, python));
    assertFalse(Files.exists(tools.resolve("pip.log")), "no pip run when the binary is there");
  }

  @Test
  void withoutAnyOvTheWheelIsDownloadedAndItsBinaryUnpackedAndChecked() throws Exception {
    projectCli();
    OvBinary ov = resolve(null, null, fakePython(wheel("openviking 0.5.2")));
    assertEquals(new OvBinary(OvWheel.binary(project).toString(), OvBinary.FETCHED, false, null), ov);
    String pip = Files.readString(tools.resolve("pip.log"));
    assertTrue(pip.startsWith("-m pip download --no-deps --only-binary=:all:"), pip);
    assertTrue(pip.strip().endsWith("openviking==0.5.2"), pip);
    Path dir = project.resolve(OvWheel.DIR);
    assertTrue(Files.isRegularFile(dir.resolve("openviking.libs/liblzma-x.so.5")), "the linked libraries come along");
    try (var files = Files.walk(dir)) {
      assertEquals(List.of("openviking.libs/liblzma-x.so.5", "openviking/bin/ov"), files.filter(Files::isRegularFile)
          .map(f -> dir.relativize(f).toString()).sorted().toList(), "nothing else of the wheel, no download or log");
    }
    try (var files = Files.list(dir.getParent())) {
      assertEquals(1, files.filter(f -> f.getFileName().toString().startsWith("openviking-0.5.2")).count(),
          "no partial folder is left behind");
    }
    Process version = new ProcessBuilder(ov.path(), "--version")
        .redirectErrorStream(true).start();
    version.getOutputStream().close();
    assertTrue(version.waitFor(10, TimeUnit.SECONDS));
    assertEquals(2, version.exitValue(), "the fake, like the real one, needs the private HOME");
  }

  @Test
  void aFailedDownloadFallsBackToBinOvAndSaysWhy() throws Exception {
    Path cli = projectCli();
    OvBinary ov = resolve(null, null, fakePython(null));
    assertEquals(cli.toString(), ov.path());
    assertEquals(OvBinary.PROJECT, ov.source());
    assertTrue(ov.projectCli());
    assertTrue(ov.note().startsWith("fetching OpenViking's ov failed: 'pip download openviking==0.5.2' failed (exit 1): "
        + "ERROR: Could not find a version"), ov.note());
    assertNull(OvWheel.installed(project));
  }

  @Test
  void aWheelWhoseOvDoesNotRunHereIsNotKept() throws Exception {
    projectCli();
    OvBinary ov = resolve(null, null, fakePython(wheel("openviking 0.4.0")));
    assertEquals(OvBinary.PROJECT, ov.source());
    assertTrue(ov.note().contains("does not run here"), ov.note());
    assertNull(OvWheel.installed(project));
  }

  @Test
  void withoutPythonTheFallbackIsBinOvAndWithoutThatAnError() throws Exception {
    String message = assertThrows(ConfigException.class, () -> resolve(null, null, "")).getMessage();
    assertTrue(message.startsWith("no ov executable found (-DovBin, OV_BIN, PATH, target/openviking-0.5.2, bin/ov) and "
        + "fetching OpenViking's ov failed: no python3 on the PATH"), message);
    assertTrue(message.contains("run scripts/fetch-ov.sh"), message);
  }

  @Test
  void binOvIsTheProjectsCliHoweverItIsNamed() throws Exception {
    Path cli = projectCli();
    assertTrue(resolve(cli.toString(), null, "").projectCli(), "-DovBin=bin/ov");
    Path link = Files.createSymbolicLink(tools.resolve("ov"), cli);
    assertTrue(resolve(null, null, link.getParent().toString()).projectCli(), "a link to bin/ov on the PATH");
    Files.delete(link);
    assertFalse(resolve(null, null, pathOv().getParent().toString()).projectCli());
  }

  private OvBinary forRun(Map<String, String> options, Map<String, String> env) {
    Properties p = new Properties();
    p.putAll(options);
    return OvBinary.forRun(RunConfig.from(p, env, project, Instant.parse("2026-11-22T12:00:00Z")), project, env);
  }

  @Test
  void aRunResolvesAndChecksTheOvOnlyForTheSubprocessAdapter() throws Exception {
    String message = assertThrows(ConfigException.class,
        () -> forRun(Map.of("adapters", "cli-subprocess", "ovBin", "/nonexistent/ov"), Map.of("PATH", ""))).getMessage();
    assertTrue(message.startsWith("-DovBin '/nonexistent/ov' is not an executable file"), message);
    Path ov = projectCli();
    assertEquals(ov.toString(), forRun(Map.of("adapters", "cli-subprocess"), Map.of("PATH", "")).path(),
        "no python3 to fetch OpenViking's ov: falls back to the bundled bin/ov");
    assertEquals("ov", forRun(Map.of("adapters", "sdk"), Map.of("PATH", "")).path());
    assertEquals("/x/ov", forRun(Map.of("adapters", "sdk"), Map.of("PATH", "", "OV_BIN", "/x/ov")).path(),
        "unused: the setting as given, never checked");
  }
}
