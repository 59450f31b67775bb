package ovload.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import ovload.adapters.AdapterResult;
import ovload.adapters.CliConfigFile;
import ovload.adapters.CliSubprocessAdapter;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;

/**
 * Runs every command the cli-subprocess adapter uses, through the adapter itself (so through
 * {@link CliOutputParser}), with a given {@code ov} against a server, and checks that each one
 * succeeds and that the parsed result has what the suite reads from it. Proves OpenViking's own
 * {@code ov} and the stand-in agree, as {@code scripts/openviking-clients-check.sh} runs it:
 * {@code ovload check-ov --ov PATH --url URL}, which exits 0 when all passed, 1 listing each failure.
 */
public final class OvCliCheck {
  private final CliSubprocessAdapter ov;
  private final List<String> failures = new ArrayList<>();
  private final List<String> passed = new ArrayList<>();

  OvCliCheck(CliSubprocessAdapter ov) {
    this.ov = ov;
  }

  /** One command: it must succeed and {@code problem} (null = fine) must find nothing wrong with its result. */
  private JsonNode step(String name, AdapterResult result, Function<JsonNode, String> problem) {
    String wrong = !result.success()
        ? result.exceptionType() + " (status " + result.statusCode() + "): " + result.errorMessage()
        : problem.apply(result.result());
    if (wrong != null) {
      failures.add(name + ": " + wrong + " [" + result.command() + "]");
      return null;
    }
    passed.add(name);
    return result.result();
  }

  private static Function<JsonNode, String> has(String... fields) {
    return result -> {
      if (result == null || !result.isObject()) {
        return "expected a JSON object, got " + result;
      }
      List<String> missing = new ArrayList<>();
      for (String field : fields) {
        if (!result.has(field)) {
          missing.add(field);
        }
      }
      return missing.isEmpty() ? null : "missing " + missing + " in " + abbreviate(result);
    };
  }

  private static Function<JsonNode, String> nonEmpty(String arrayField) {
    return result -> {
      String missing = has(arrayField).apply(result);
      if (missing != null) {
        return missing;
      }
      return result.get(arrayField).isArray() && !result.get(arrayField).isEmpty()
          ? null : "'" + arrayField + "' is not a non-empty list in " + abbreviate(result);
    };
  }

  private static String abbreviate(JsonNode node) {
    String text = String.valueOf(node);
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  /** The adapter's commands in a benchmark's order, on a document under {@code root} and one session. */
  List<String> run(Path document, String root, String sessionId) {
    step("health", ov.health(), r -> null);
    step("status", ov.systemStatus(), has("is_healthy"));
    step("observer queue", ov.observerQueue(), has("status"));
    JsonNode added = step("add-resource", ov.addResource(document, root + "/" + document.getFileName(), "ovload check"),
        has("root_uri", "task_id"));
    step("wait", ov.waitProcessed(60), r -> r != null && r.isObject() ? null : "expected per-queue counts, got " + r);
    if (added != null) {
      step("task status (add_resource)", ov.getTask(added.get("task_id").asText()), has("task_id", "status"));
    }
    step("find", ov.find("quick brown fox", root, 5), nonEmpty("resources"));
    step("session add-message (user)", ov.addMessage(sessionId, "user", "what does the fox do?"), has("message_count"));
    step("session add-message (assistant)", ov.addMessage(sessionId, "assistant", "it jumps."), has("message_count"));
    step("search (with a session)", ov.search("fox", root, sessionId, 5), has("resources", "memories"));
    step("search", ov.search("fox", root, null, 5), nonEmpty("resources"));
    step("grep", ov.grep(root, "fox", 5), nonEmpty("matches"));
    step("glob", ov.glob(root, "**/*.md", 5), nonEmpty("matches"));
    JsonNode commit = step("session commit", ov.commitSession(sessionId), has("task_id", "status"));
    if (commit != null) {
      step("task status (session_commit)", ov.getTask(commit.get("task_id").asText()), has("task_id", "status"));
    }
    return failures;
  }

  List<String> passed() {
    return passed;
  }

  /** Sets up a data root, runs the commands, prints each outcome, cleans up; true when all passed. */
  public static boolean check(String ovPath, String url, String apiKey) throws IOException {
    Path work = Files.createTempDirectory("ovload-ov-check-");
    String run = UUID.randomUUID().toString().substring(0, 8);
    String root = "viking://resources/bench/ov_check_" + run;
    String sessionId = "bench-load-ov-check-" + run;
    Path document = Files.writeString(work.resolve("fox-" + run + ".md"),
        "# The fox\n\nThe quick brown fox jumps over the lazy dog.\n");
    Path conf = CliConfigFile.write(work.resolve("ovcli.conf"), url, apiKey, "default", "default", 60);
    ExecutorService readers = Executors.newCachedThreadPool();
    try (OpenVikingClient client = new OpenVikingClient(
        new ClientSettings(url, apiKey, "default", "default", Duration.ofSeconds(60), Map.of()))) {
      client.mkdir(root);
      OvCliCheck check = new OvCliCheck(
          new CliSubprocessAdapter(ovPath, conf, OvHome.prepare(work.resolve("home")), 60, readers));
      List<String> failures = check.run(document, root, sessionId);
      check.passed().forEach(name -> System.out.println("ok   " + name));
      failures.forEach(f -> System.out.println("FAIL " + f));
      try {
        client.deleteSession(sessionId);
        client.rm(root, true);
      } catch (RuntimeException e) {
        System.out.println("note: cleanup failed: " + e.getMessage());
      }
      System.out.println(failures.isEmpty()
          ? "ov-cli-check: all " + check.passed().size() + " commands of cli-subprocess passed with " + ovPath
          : "ov-cli-check: " + failures.size() + " of " + (failures.size() + check.passed().size())
              + " commands failed with " + ovPath);
      return failures.isEmpty();
    } finally {
      readers.shutdownNow();
      try (var files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
