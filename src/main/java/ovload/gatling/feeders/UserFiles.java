package ovload.gatling.feeders;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ovload.config.ConfigException;

/** The suite's editable inputs under {@code user-files/}: document and message templates, queries. */
public record UserFiles(Template resource, Template message, List<String> queries) {

  public static UserFiles load(Path dir) {
    Template resource = Template.load(dir.resolve("templates/resource.md"), Set.of("index", "adapter", "run_id", "filler"));
    Template message = Template.load(dir.resolve("templates/message.txt"), Set.of("adapter", "session_id", "index"));
    List<String> queries;
    try {
      queries = Files.readAllLines(dir.resolve("queries.txt")).stream()
          .map(String::strip)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new ConfigException("cannot read " + dir.resolve("queries.txt") + ": restore it from git or set -DuserFiles");
    }
    if (queries.isEmpty()) {
      throw new ConfigException(dir.resolve("queries.txt") + " holds no query: add one per line");
    }
    return new UserFiles(resource, message, queries);
  }

  public String messageContent(String adapter, String sessionId, int index) {
    return message.render(Map.of("adapter", adapter, "session_id", sessionId, "index", Integer.toString(index))).strip();
  }
}
