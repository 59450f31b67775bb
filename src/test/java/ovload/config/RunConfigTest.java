package ovload.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  @TempDir Path project;

  private RunConfig parse(Map<String, String> props, Map<String, String> env) {
    Properties p = new Properties();
    p.putAll(props);
    return RunConfig.from(p, env, project, NOW);
  }

  private RunConfig parse(String... keyValues) {
    Map<String, String> props = new java.util.HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.put(keyValues[i], keyValues[i + 1]);
    }
    props.putIfAbsent("adapters", "sdk,cli-http");
    return parse(props, Map.of());
  }

  private String error(String... keyValues) {
    return assertThrows(ConfigException.class, () -> parse(keyValues)).getMessage();
  }

  @Test
  void defaultsFollowTheSpec() {
    RunConfig c = parse();
    assertNull(c.connection().serverUrl(), "no URL: the embedded stand-in");
    assertEquals("test-root-api-key", c.connection().apiKey());
    assertTrue(c.standin().warmUp(), "the embedded stand-in warms up unless told not to");
    assertFalse(parse("standinWarmUp", "false").standin().warmUp());
    assertEquals("default", c.connection().account());
    assertEquals("standard", c.profile());
    assertEquals(24, c.workload().resourceCount());
    assertEquals(60.0, c.workload().mixedSeconds());
    assertEquals(60.0, c.connection().timeoutSeconds());
    assertEquals(60.0, c.drainTimeoutSeconds());
    assertEquals(1.0, c.taskPollIntervalSeconds());
    assertEquals(5.0, c.requestWindowSeconds());
    assertEquals("viking://resources/bench/load_test", c.data().dataRootUri());
    assertEquals("bench-load-", c.data().sessionPrefix());
    assertTrue(c.data().clearBeforeRun());
    assertFalse(c.data().cleanupAtEnd());
    assertEquals(42, c.seed());
    assertEquals(10, c.findLimit());
    assertEquals("20261122T120000Z", c.runId());
    assertEquals(project.resolve("reports/20261122T120000Z"), c.paths().outputDir());
  }

  @Test
  void profilesMatchTheSpecTable() {
    Workload smoke = parse("profile", "smoke").workload();
    assertEquals(new Workload(6, 6, 3, 2, 2, 2, 2, 4, 8, 12, 1), smoke);
    Workload stress = parse("profile", "stress").workload();
    assertEquals(new Workload(80, 80, 8, 16, 24, 24, 16, 48, 60, 180, 5), stress);
  }

  @Test
  void everyProfileValueCanBeOverridden() {
    Workload w = parse("profile", "smoke", "resourceCount", "3", "mixedConcurrency", "7", "phaseSeconds", "0.5").workload();
    assertEquals(3, w.resourceCount());
    assertEquals(7, w.mixedConcurrency());
    assertEquals(0.5, w.phaseSeconds());
    assertEquals(6, w.sessionCount());
  }

  @Test
  void environmentFallbacksApplyWhenNoPropertyIsGiven() {
    RunConfig c = parse(Map.of("adapters", "sdk"), Map.of(
        "OPENVIKING_SERVER_URL", "http://127.0.0.1:1935/", "OPENVIKING_API_KEY", "k1",
        "OPENVIKING_ACCOUNT", "acme", "OPENVIKING_USER", "bob"));
    assertEquals("http://127.0.0.1:1935", c.connection().serverUrl());
    assertEquals("k1", c.connection().apiKey());
    assertEquals("acme", c.connection().account());
    assertEquals("bob", c.connection().user());
    RunConfig overridden = parse(Map.of("adapters", "sdk", "apiKey", "k2"), Map.of("OPENVIKING_API_KEY", "k1"));
    assertEquals("k2", overridden.connection().apiKey());
  }

  @Test
  void badOptionsNameTheFix() {
    assertEquals("unknown profile 'fast': use -Dprofile=smoke|standard|stress (or add resources/profiles/fast.properties)",
        error("profile", "fast"));
    assertEquals("unknown adapter 'grpc' in -Dadapters: valid adapters are sdk, cli-http, cli-subprocess",
        error("adapters", "sdk,grpc"));
    assertEquals("-DresourceCount must be a positive whole number, got '0'", error("resourceCount", "0"));
    assertEquals("-DsearchConcurrency must be a positive whole number, got '-2'", error("searchConcurrency", "-2"));
    assertEquals("-DsessionCount must be a positive whole number, got 'many'", error("sessionCount", "many"));
    assertTrue(error("serverUrl", "localhost:1935").startsWith("malformed -DserverUrl 'localhost:1935'"));
    assertTrue(error("serverUrl", "http://127.0.0.1:1935/api").startsWith("malformed -DserverUrl"));
    assertTrue(error("taskPollInterval", "0.01").contains(">= 0.1"));
    assertTrue(error("requestWindowSeconds", "0.5").contains(">= 1.0"));
    assertTrue(error("clearBeforeRun", "maybe").contains("true or false"));
    assertTrue(error("modelMode", "turbo").contains("instant|realistic|slow"));
    assertEquals("-DstandinWarmUp must be true or false, got 'later'", error("standinWarmUp", "later"));
    for (String message : List.of(error("profile", "fast"), error("adapters", "x"), error("resourceCount", "0"))) {
      assertFalse(message.contains("\n"), "one line: " + message);
    }
  }

  @Test
  void dataRootMustLieStrictlyInsideResources() {
    for (String bad : List.of("viking://resources", "viking://resources/", "viking://user/memories",
        "viking://resources/../user", "viking://resources/a/../../x", "/tmp/x", "viking://resources//x")) {
      String message = error("dataRootUri", bad);
      assertTrue(message.startsWith("refusing -DdataRootUri"), message);
    }
    assertEquals("viking://resources/mine/load", parse("dataRootUri", "viking://resources/mine/load/").data().dataRootUri());
  }

  @Test
  void sessionPrefixMayNotBeEmpty() {
    assertTrue(error("sessionPrefix", " ").contains("-DsessionPrefix is empty"));
    assertTrue(error("sessionPrefix", "*").startsWith("refusing -DsessionPrefix"));
    assertTrue(error("sessionPrefix", "a").contains("too short"), "a one-letter prefix matched alice-chat");
    assertTrue(error("sessionPrefix", "ben").contains("at least 4 characters"));
  }

  @Test
  void anEmptyValueIsRefusedNotTakenForTheDefault() {
    for (String option : List.of("adapters", "profile", "timeout", "serverUrl", "drainTimeout", "seed", "clearBeforeRun")) {
      assertEquals("-D" + option + " is empty: give it a value, or leave it out for the default", error(option, ""), option);
    }
  }

  @Test
  void backlogCeilingsAreWholeNumbersFromZero() {
    assertEquals(3L, parse("maxUnfinishedTasks", "3").gates().maxUnfinishedTasks());
    assertEquals(0L, parse("maxPendingServerQueue", "0").gates().maxPendingServerQueue());
    assertNull(parse().gates().maxUnfinishedTasks(), "unset: the profile decides");
    assertEquals("-DmaxUnfinishedTasks must be a whole number >= 0, got -1", error("maxUnfinishedTasks", "-1"));
    assertEquals("-DmaxPendingServerQueue must be a whole number, got 'many'", error("maxPendingServerQueue", "many"));
  }

  @Test
  void onlyIdsOfTheSuitesOwnFormAreTheRunsSessions() {
    var own = parse("sessionPrefix", "bench-").data().ownSession();
    assertTrue(own.test("bench-20261122T230000Z-sdk-0000"));
    assertTrue(own.test("bench-my.run_1-cli-subprocess-0042"));
    assertTrue(own.test("bench-s0-20261122T230000Z-run-01-cli-http-12345"), "a shard's and a plan's run ids");
    assertFalse(own.test("bench-chat"));
    assertFalse(own.test("bench-x-sdk-12"), "four digits at least");
    assertFalse(own.test("bench-x-curl-0001"), "not an adapter");
    assertFalse(own.test("other-bench-x-sdk-0001"));
    assertFalse(own.test("bench-20261122T230000Z-sdk-0000-extra"));
  }

  @Test
  void theOvIsOnlyRecordedAsGiven() {
    assertEquals(new OvBinSetting("/nonexistent/ov", null),
        parse(Map.of("adapters", "cli-subprocess", "ovBin", "/nonexistent/ov"), Map.of("PATH", "")).ovBin());
    assertEquals(new OvBinSetting(null, "/x/ov"), parse(Map.of("adapters", "sdk"), Map.of("OV_BIN", " /x/ov ")).ovBin());
    assertEquals(new OvBinSetting(null, null), parse(Map.of("adapters", "sdk"), Map.of("PATH", "")).ovBin());
  }

  @Test
  void everyOtherOptionIsCheckedBeforeTheOvIsLookedForOrFetched() throws Exception {
    Path pip = project.resolve("pip-ran");
    Path python = Files.writeString(Files.createDirectories(project.resolve("py")).resolve("python3"),
        "#!/bin/sh\ntouch " + pip + "\nexit 1\n");
    python.toFile().setExecutable(true);
    String message = assertThrows(ConfigException.class, () -> parse(Map.of("adapters", "cli-subprocess",
        "modelStatsUrl", "nope"), Map.of("PATH", python.getParent().toString()))).getMessage();
    assertTrue(message.startsWith("malformed -DmodelStatsUrl 'nope'"), message);
    assertFalse(Files.exists(pip), "no download for a run that cannot start");
    parse(Map.of("adapters", "cli-subprocess"), Map.of("PATH", python.getParent().toString()));
    assertFalse(Files.exists(pip), "reading the options never looks for the ov: the run resolves it once they are all good");
  }

  @Test
  void describeRedactsTheApiKey() {
    RunConfig c = parse("apiKey", "super-secret-key");
    Map<String, Object> described = Described.of(c);
    assertEquals("***redacted***", described.get("api_key"));
    assertFalse(described.toString().contains("super-secret-key"));
    assertFalse(c.toString().contains("super-secret-key"));
    assertEquals(List.of("sdk", "cli-http"), described.get("adapters"));
  }
}
