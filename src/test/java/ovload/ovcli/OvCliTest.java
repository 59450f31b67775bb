package ovload.ovcli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.FakeServer;

class OvCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "cli-secret-key-123";

  @TempDir Path dir;
  private FakeServer server;
  private Map<String, String> env;

  /** One in-process run: exit code and what went to each stream. */
  record Run(int exit, String out, String err) {
    JsonNode outJson() throws IOException {
      return JSON.readTree(out);
    }

    JsonNode errJson() throws IOException {
      return JSON.readTree(err);
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new FakeServer();
    Path config = dir.resolve("ovcli.conf");
    Files.writeString(config, "{\"url\":\"" + server.url() + "\",\"api_key\":\"" + KEY
        + "\",\"account\":\"acct\",\"user\":\"bob\",\"timeout\":5,\"extra_headers\":{\"X-Tenant\":\"t1\"}}");
    env = Map.of(CliConfig.ENV_CONFIG_FILE, config.toString(), "HOME", dir.toString());
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private Run run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = OvCli.run(List.of(args), environment,
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Run json(String... command) {
    List<String> args = new ArrayList<>(List.of("--output", "json", "--compact"));
    args.addAll(List.of(command));
    return run(env, args.toArray(String[]::new));
  }

  private void assertRequest(String method, String path, String query, String body) throws IOException {
    FakeServer.Received r = server.last();
    assertEquals(method + " " + path, r.method() + " " + r.rawPath());
    assertEquals(query, r.rawQuery());
    if (body == null) {
      assertEquals(0, r.body().length);
    } else {
      assertEquals(JSON.readTree(body), JSON.readTree(r.bodyText()));
    }
  }

  @Test
  void successPrintsTheOkEnvelopeOnOneLineAndUsesTheConfig() throws IOException {
    server.reply(200, "{\"status\":\"ok\",\"healthy\":true}");
    Run r = json("health");
    assertEquals(0, r.exit(), r.err());
    assertEquals("", r.err());
    assertEquals("{\"ok\":true,\"result\":{\"status\":\"ok\",\"healthy\":true}}\n", r.out());
    FakeServer.Received req = server.last();
    assertEquals(KEY, req.header("X-API-Key"));
    assertEquals("acct", req.header("X-OpenViking-Account"));
    assertEquals("bob", req.header("X-OpenViking-User"));
    assertEquals("t1", req.header("X-Tenant"));
  }

  @Test
  void withoutCompactTheJsonIsIndented() throws IOException {
    server.ok("{\"a\":1}");
    Run r = run(env, "-o", "json", "status");
    assertEquals(0, r.exit());
    assertTrue(r.out().split("\n").length > 1, r.out());
    assertEquals(JSON.readTree("{\"ok\":true,\"result\":{\"a\":1}}"), r.outJson());
  }

  @Test
  void eachCommandMakesTheRightCall() throws IOException {
    Path file = dir.resolve("resource-0001.md");
    Files.writeString(file, "benchmark");

    assertEquals(0, json("status").exit());
    assertRequest("GET", "/api/v1/observer/system", null, null);
    assertEquals(0, json("observer", "queue").exit());
    assertRequest("GET", "/api/v1/observer/queue", null, null);
    assertEquals(0, json("observer", "system").exit());
    assertRequest("GET", "/api/v1/observer/system", null, null);
    assertEquals(0, json("wait").exit());
    assertRequest("POST", "/api/v1/system/wait", null, "{\"timeout\":null}");
    assertEquals(0, json("find", "how to cache", "--uri", "viking://resources/b", "-n", "7").exit());
    assertRequest("POST", "/api/v1/search/find", null,
        "{\"query\":\"how to cache\",\"target_uri\":\"viking://resources/b\",\"limit\":7}");
    assertEquals(0, json("search", "q", "--uri", "viking://r", "-n", "3", "--session-id", "s-1").exit());
    assertRequest("POST", "/api/v1/search/search", null,
        "{\"query\":\"q\",\"target_uri\":\"viking://r\",\"session_id\":\"s-1\",\"limit\":3}");
    assertEquals(0, json("grep", "benchmark", "--uri", "viking://r", "-n", "5").exit());
    assertRequest("POST", "/api/v1/search/grep", null,
        "{\"uri\":\"viking://r\",\"pattern\":\"benchmark\",\"case_insensitive\":false,\"node_limit\":5}");
    assertEquals(0, json("glob", "**/*.md", "--uri=viking://r", "-n", "4").exit());
    assertRequest("POST", "/api/v1/search/glob", null, "{\"pattern\":\"**/*.md\",\"uri\":\"viking://r\",\"node_limit\":4}");
    assertEquals(0, json("session", "add-message", "bench-load-1", "--role", "assistant", "--content", "--compact is text").exit());
    assertRequest("POST", "/api/v1/sessions/bench-load-1/messages", null,
        "{\"role\":\"assistant\",\"content\":\"--compact is text\"}");
    assertEquals(0, json("session", "commit", "bench load").exit());
    assertRequest("POST", "/api/v1/sessions/bench%20load/commit", null, "{}");
    assertEquals(0, json("task", "status", "task-1").exit());
    assertRequest("GET", "/api/v1/tasks/task-1", null, null);
    assertEquals(0, json("mkdir", "viking://r/x").exit());
    assertRequest("POST", "/api/v1/fs/mkdir", null, "{\"uri\":\"viking://r/x\"}");
    assertEquals(0, json("rm", "viking://r/x", "-r").exit());
    assertRequest("DELETE", "/api/v1/fs", "uri=viking%3A%2F%2Fr%2Fx&recursive=true", null);
    assertEquals(0, json("ls", "viking://r").exit());
    assertRequest("GET", "/api/v1/fs/ls", "uri=viking%3A%2F%2Fr", null);

    server.ok("{\"temp_file_id\":\"upload_1.md\"}");
    server.ok("{\"status\":\"success\",\"task_id\":\"t-1\"}");
    Run add = run(env, "--output", "json", "--compact", "--no-progress", "add-resource", file.toString(),
        "--to", "viking://r/resource-0001.md", "--reason", "load", "--wait");
    assertEquals(0, add.exit(), add.err());
    assertEquals("t-1", add.outJson().get("result").get("task_id").asText());
    assertEquals("/api/v1/resources/temp_upload", server.received().get(server.received().size() - 2).rawPath());
    assertRequest("POST", "/api/v1/resources", null,
        "{\"temp_file_id\":\"upload_1.md\",\"to\":\"viking://r/resource-0001.md\",\"reason\":\"load\","
            + "\"wait\":true,\"strict\":false,\"source_name\":\"resource-0001.md\"}");
  }

  @Test
  void noProgressIsAcceptedOnlyBeforeAddResourceAndAddSkill() throws IOException {
    Path file = dir.resolve("a.md");
    Files.writeString(file, "x");
    server.ok("{\"temp_file_id\":\"upload_1.md\"}");
    assertEquals(0, run(env, "--no-progress", "add-resource", file.toString(), "--to", "viking://r/a.md").exit());
    int before = server.received().size();
    for (String[] args : List.of(
        new String[] {"--output", "json", "--compact", "--no-progress", "health"},
        new String[] {"--no-progress", "find", "q"},
        new String[] {"--no-progress", "session", "commit", "s"},
        new String[] {"add-resource", file.toString(), "--to", "viking://r/a.md", "--no-progress"},
        new String[] {"health", "--no-progress"})) {
      Run r = run(env, args);
      assertEquals(2, r.exit(), String.join(" ", args));
      assertEquals("", r.out());
      assertTrue(r.err().contains("--no-progress is accepted only before add-resource or add-skill"), r.err());
      assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }
    assertEquals(before, server.received().size(), "usage errors make no request");
  }

  @Test
  void apiErrorGoesToStderrAsJsonWithExitOne() throws IOException {
    server.reply(404, "{\"status\":\"error\",\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"task t-9 not found\"}}");
    Run r = json("task", "status", "t-9");
    assertEquals(1, r.exit());
    assertEquals("", r.out());
    assertEquals(JSON.readTree("{\"ok\":false,\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"task t-9 not found\"}}"),
        r.errJson());
    assertEquals(1, r.err().strip().lines().count());
  }

  @Test
  void unreachableServerIsExitOneWithoutTheKey() throws IOException {
    server.close();
    Run r = json("health");
    assertEquals(1, r.exit());
    assertEquals("UNAVAILABLE", r.errJson().get("error").get("code").asText());
    assertFalse(r.err().contains(KEY));
  }

  @Test
  void slowServerIsDeadlineExceeded() throws IOException {
    Path config = dir.resolve("slow.conf");
    Files.writeString(config, "{\"url\":\"" + server.url() + "\",\"timeout\":0.3}");
    server.reply(200, "application/json", "{\"status\":\"ok\",\"result\":{}}", 3000);
    Run r = run(Map.of(CliConfig.ENV_CONFIG_FILE, config.toString()), "-o", "json", "--compact", "status");
    assertEquals(1, r.exit());
    assertEquals("DEADLINE_EXCEEDED", r.errJson().get("error").get("code").asText());
  }

  @Test
  void usageErrorsExitTwoWithOneLine() throws IOException {
    Files.writeString(dir.resolve("a.md"), "x"); // so add-resource --timeout fails on the option, not the file
    List<String[]> bad = List.of(
        new String[] {},
        new String[] {"frobnicate"},
        new String[] {"--output", "yaml", "health"},
        new String[] {"--output"},
        new String[] {"--verbose", "health"},
        new String[] {"observer", "nope"},
        new String[] {"observer"},
        new String[] {"find"},
        new String[] {"find", "q", "-n", "zero"},
        new String[] {"find", "q", "-n", "0"},
        new String[] {"find", "q", "--bogus", "1"},
        new String[] {"find", "q", "--uri"},
        new String[] {"wait", "--timeout", "-1"},
        new String[] {"wait", "--timeout", "60"}, // ov 0.5.2: "Unexpected argument: --timeout", exit 2
        new String[] {"add-resource", dir.resolve("a.md").toString(), "--wait", "--timeout", "5"},
        new String[] {"session"},
        new String[] {"session", "add-message", "s", "--role", "user"},
        new String[] {"task", "status"},
        new String[] {"add-resource", dir.resolve("missing.md").toString(), "--to", "viking://r"},
        new String[] {"add-skill", "x"});
    for (String[] args : bad) {
      Run r = run(env, args);
      assertEquals(2, r.exit(), String.join(" ", args));
      assertEquals("", r.out(), String.join(" ", args));
      assertTrue(r.err().startsWith("ov: "), r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    assertTrue(server.received().isEmpty());
  }

  @Test
  void helpGoesToStdoutWithExitZero() {
    Run r = run(env, "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("session add-message ID --role ROLE --content TEXT"), r.out());
    assertEquals(0, run(env, "find", "--help").exit());
  }

  @Test
  void tableOutputRendersTextAndRows() throws IOException {
    server.ok("[{\"session_id\":\"s-1\",\"is_dir\":true},{\"session_id\":\"s-22\",\"is_dir\":false}]");
    Run r = run(env, "session", "list");
    assertEquals(0, r.exit());
    assertEquals("session_id  is_dir\ns-1         true\ns-22        false\n", r.out());
    server.reply(409, "{\"status\":\"error\",\"error\":{\"code\":\"ALREADY_EXISTS\",\"message\":\"exists\"}}");
    r = run(env, "mkdir", "viking://r");
    assertEquals(1, r.exit());
    assertEquals("error: ALREADY_EXISTS: exists\n", r.err());
  }

  @Test
  void configFileErrorsExitTwoNamingTheFix() throws IOException {
    Path broken = dir.resolve("broken.conf");
    Map<String, String> cases = Map.of(
        "{\"url\": ", "not valid JSON",
        "[1,2]", "must hold a JSON object",
        "{\"url\": 5}", "\"url\" must be a string or null",
        "{\"url\": \"ftp://x\"}", "needs http:// or https://",
        "{\"timeout\": \"soon\"}", "\"timeout\" must be a positive number",
        "{\"timeout\": 0}", "\"timeout\" must be a positive number",
        "{\"extra_headers\": [1]}", "\"extra_headers\" must be an object");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Files.writeString(broken, c.getKey());
      Run r = run(Map.of(CliConfig.ENV_CONFIG_FILE, broken.toString()), "health");
      assertEquals(2, r.exit(), c.getKey());
      assertTrue(r.err().contains(c.getValue()), c.getKey() + " -> " + r.err());
      assertEquals(1, r.err().strip().lines().count(), r.err());
    }
    Run missing = run(Map.of(CliConfig.ENV_CONFIG_FILE, dir.resolve("nope.conf").toString()), "health");
    assertEquals(2, missing.exit());
    assertTrue(missing.err().contains("not found"), missing.err());
  }

  @Test
  void configDefaultsAndTheHomeLocation() throws IOException {
    CliConfig defaults = CliConfig.load(Map.of("HOME", dir.resolve("empty-home").toString()));
    assertEquals(CliConfig.defaults(), defaults);
    assertEquals("http://127.0.0.1:1933", defaults.url());

    Path home = dir.resolve("home");
    Files.createDirectories(home.resolve(".openviking"));
    Files.writeString(home.resolve(".openviking/ovcli.conf"),
        "{\"url\":\"" + server.url() + "\",\"api_key\":null,\"account\":null,\"user\":null,\"timeout\":null,\"extra_headers\":null}");
    server.ok("{}");
    Run r = run(Map.of("HOME", home.toString()), "-o", "json", "--compact", "status");
    assertEquals(0, r.exit(), r.err());
    FakeServer.Received req = server.last();
    assertNull(req.header("X-API-Key"));
    assertNull(req.header("X-OpenViking-Account"));
    assertNull(req.header("X-OpenViking-User"));
    CliConfig loaded = CliConfig.load(Map.of("HOME", home.toString()));
    assertEquals(60, loaded.timeout().toSeconds());
  }

  @Test
  void configToStringHidesTheKey() {
    CliConfig config = CliConfig.load(env);
    assertEquals(KEY, config.apiKey());
    assertFalse(config.toString().contains(KEY));
  }

  @Test
  void retrievalCommandsEchoACmdLineBeforeTheJsonAsTheRealOvDoes() throws IOException {
    Run r = json("find", "how to cache", "--uri", "viking://resources/b", "-n", "7");
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().split("\n", 2);
    assertEquals("cmd: ov find \"how to cache\" --uri viking://resources/b -n 7", lines[0]);
    assertTrue(JSON.readTree(lines[1]).path("ok").asBoolean(), r.out());
    Run status = json("status");
    assertFalse(status.out().startsWith("cmd:"), status.out());
  }
}
