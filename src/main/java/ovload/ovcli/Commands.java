package ovload.ovcli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every command the CLI knows, keyed by its words ({@code "session commit"}). */
final class Commands {
  static final Set<String> OBSERVERS =
      Set.of("queue", "system", "vikingdb", "models", "lock", "retrieval", "filesystem");
  private static final int DEFAULT_LIMIT = 10;
  private static final String ROOT_URI = "viking://";

  private static final Map<String, String> LIMIT = Map.of("-n", "n", "--node-limit", "n", "--limit", "n");
  private static final Map<String, CommandSpec> ALL = new LinkedHashMap<>();

  static {
    add(new CommandSpec("health", "health", Map.of(), Map.of(),
        a -> c -> c.health()));
    // as OpenViking's ov 0.5.2: the component health of /api/v1/observer/system
    add(new CommandSpec("status", "status", Map.of(), Map.of(),
        a -> c -> c.observer("system")));
    add(new CommandSpec("observer", "observer queue|system|vikingdb|models|lock|retrieval|filesystem",
        Map.of(), Map.of(), a -> {
          String name = a.positional(0);
          if (!OBSERVERS.contains(name)) {
            throw new UsageException("observer: unknown observer '" + name + "', use one of " + OBSERVERS);
          }
          return c -> c.observer(name);
        }), "NAME");
    // Like ov 0.5.2: neither add-resource nor wait takes --timeout (a usage error, exit 2); the
    // server ignores a wait timeout and rejects an add_resource timeout field.
    add(new CommandSpec("add-resource", "add-resource PATH --to URI --reason TEXT [--wait]",
        Map.of("--to", "to", "--reason", "reason"), Map.of("--wait", "wait"), a -> {
          Path file = Path.of(a.positional(0));
          if (!Files.isRegularFile(file)) {
            throw new UsageException("add-resource: " + file + " is not a readable file: give a local file path");
          }
          String to = a.value("to");
          String reason = a.value("reason");
          boolean wait = a.flag("wait");
          return c -> c.addResource(file, to, reason, wait, null);
        }), "PATH");
    add(new CommandSpec("wait", "wait", Map.of(), Map.of(), a -> c -> c.waitProcessed(null)));
    add(new CommandSpec("find", "find QUERY --uri URI -n N", with(LIMIT, "--uri", "uri"), Map.of(), a -> {
      String query = a.positional(0);
      String uri = a.value("uri");
      int limit = a.positiveInt("n", "-n", DEFAULT_LIMIT);
      return c -> c.find(query, uri, limit);
    }), "QUERY");
    add(new CommandSpec("search", "search QUERY --uri URI -n N [--session-id ID]",
        with(with(LIMIT, "--uri", "uri"), "--session-id", "session"), Map.of(), a -> {
          String query = a.positional(0);
          String uri = a.value("uri");
          String session = a.value("session");
          int limit = a.positiveInt("n", "-n", DEFAULT_LIMIT);
          return c -> c.search(query, uri, session, limit);
        }), "QUERY");
    add(new CommandSpec("grep", "grep PATTERN --uri URI -n N [-i]", with(LIMIT, "--uri", "uri"),
        Map.of("-i", "i", "--ignore-case", "i"), a -> {
          String pattern = a.positional(0);
          String uri = orRoot(a.value("uri"));
          boolean ignoreCase = a.flag("i");
          int limit = a.positiveInt("n", "-n", DEFAULT_LIMIT);
          return c -> c.grep(uri, pattern, ignoreCase, limit);
        }), "PATTERN");
    add(new CommandSpec("glob", "glob PATTERN --uri URI -n N", with(LIMIT, "--uri", "uri"), Map.of(), a -> {
      String pattern = a.positional(0);
      String uri = orRoot(a.value("uri"));
      int limit = a.positiveInt("n", "-n", DEFAULT_LIMIT);
      return c -> c.glob(pattern, uri, limit);
    }), "PATTERN");
    add(new CommandSpec("ls", "ls URI", Map.of(), Map.of(), a -> {
      String uri = a.positional(0);
      return c -> c.ls(uri);
    }), "URI");
    add(new CommandSpec("read", "read URI", Map.of(), Map.of(), a -> {
      String uri = a.positional(0);
      return c -> c.read(uri);
    }), "URI");
    add(new CommandSpec("mkdir", "mkdir URI", Map.of(), Map.of(), a -> {
      String uri = a.positional(0);
      return c -> c.mkdir(uri);
    }), "URI");
    add(new CommandSpec("rm", "rm URI [-r]", Map.of(), Map.of("-r", "r", "--recursive", "r"), a -> {
      String uri = a.positional(0);
      boolean recursive = a.flag("r");
      return c -> c.rm(uri, recursive);
    }), "URI");
    add(new CommandSpec("session add-message", "session add-message ID --role ROLE --content TEXT",
        Map.of("--role", "role", "--content", "content"), Map.of(), a -> {
          String id = a.positional(0);
          String role = a.required("role", "--role");
          String content = a.required("content", "--content");
          return c -> c.addMessage(id, role, content);
        }), "ID");
    add(new CommandSpec("session commit", "session commit ID", Map.of(), Map.of(), a -> {
      String id = a.positional(0);
      return c -> c.commitSession(id);
    }), "ID");
    add(new CommandSpec("session list", "session list", Map.of(), Map.of(), a -> c -> c.listSessions()));
    add(new CommandSpec("session delete", "session delete ID", Map.of(), Map.of(), a -> {
      String id = a.positional(0);
      return c -> c.deleteSession(id);
    }), "ID");
    add(new CommandSpec("task status", "task status ID", Map.of(), Map.of(), a -> {
      String id = a.positional(0);
      return c -> c.getTask(id);
    }), "ID");
    add(new CommandSpec("task list", "task list [--type T] [--status S] [--resource-id R] [-n N]",
        with(with(with(LIMIT, "--type", "type"), "--status", "status"), "--resource-id", "resource"),
        Map.of(), a -> {
          String type = a.value("type");
          String status = a.value("status");
          String resource = a.value("resource");
          Integer limit = a.value("n") == null ? null : a.positiveInt("n", "-n", DEFAULT_LIMIT);
          return c -> c.listTasks(type, status, resource, limit);
        }));
  }

  private Commands() {}

  /** The spec for these command words, or null. */
  static CommandSpec lookup(String words) {
    return ALL.get(words);
  }

  /** True when {@code word} starts a two-word command ({@code session}, {@code task}). */
  static boolean isGroup(String word) {
    return ALL.keySet().stream().anyMatch(k -> k.startsWith(word + " "));
  }

  static Iterable<CommandSpec> all() {
    return ALL.values();
  }

  private static void add(CommandSpec spec, String... positionals) {
    // Check the positional count before the binder reads them.
    CommandSpec checked = new CommandSpec(spec.name(), spec.synopsis(), spec.valueOptions(), spec.flags(),
        a -> spec.binder().apply(a.expectPositionals(positionals)));
    ALL.put(spec.name(), checked);
  }

  private static Map<String, String> with(Map<String, String> base, String spelling, String name) {
    Map<String, String> map = new LinkedHashMap<>(base);
    map.put(spelling, name);
    return Map.copyOf(map);
  }

  private static String orRoot(String uri) {
    return uri == null || uri.isEmpty() ? ROOT_URI : uri;
  }
}
