package ovload.standin.api.clients;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import ovload.standin.api.Indexing;
import ovload.standin.http.ApiException;
import ovload.standin.http.Body;
import ovload.standin.http.Identity;
import ovload.standin.http.Query;
import ovload.standin.http.Reply;
import ovload.standin.http.RouteTable;
import ovload.standin.store.Summaries;
import ovload.standin.store.TaskBoard;
import ovload.standin.store.TaskBoard.QueueCount;
import ovload.standin.store.TempUploads;
import ovload.standin.store.TenantStore;
import ovload.standin.store.VikingTree;
import ovload.standin.store.VikingUri;

/**
 * {@code /api/v1/skills}: a user's agent skills, each a {@code SKILL.md} (front matter {@code name},
 * {@code description}) kept in the tree at {@code viking://user/<user>/skills/<name>/}; added from
 * text ({@code data}) or an uploaded zip ({@code temp_file_id}, as `ov add-skill` sends a folder),
 * validated, listed, found by their words, shown, updated and removed.
 */
public final class SkillRoutes {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Skill(String type, String name, String description, String uri, String rootUri, String skillMdUri,
      List<String> allowedTools, List<String> tags, @JsonProperty("abstract") String summary, String overview,
      String content, String contentSha256, List<SkillFile> files, Integer level, Double score, String matchReason) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record SkillFile(String name, String path, String uri, boolean isDir, String kind) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Skills(List<String> rootUris, List<Skill> skills, int total) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Stored(String status, String action, String name, String uri, String rootUri, int auxiliaryFiles,
      Map<String, QueueCount> queueStatus, String taskId) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Removed(String name, String uri, String rootUri, int estimatedDeletedCount, boolean privacyDeleted) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Validation(boolean valid, List<String> errors, List<String> warnings, String name, String description,
      List<String> allowedTools, List<String> tags, int bodyLines, String skillDirName, String sourcePath, boolean strict) {}

  /** A parsed SKILL.md. */
  private record Parsed(String name, String description, String body, String text) {}

  private final TenantStore store;
  private final TempUploads uploads;
  private final TaskBoard tasks;
  private final Indexing indexing;

  public SkillRoutes(TenantStore store, TempUploads uploads, TaskBoard tasks, Indexing indexing) {
    this.store = store;
    this.uploads = uploads;
    this.tasks = tasks;
    this.indexing = indexing;
  }

  public void register(RouteTable routes) {
    routes.add("GET", "/api/v1/skills", c -> Reply.full(list(c.id())))
        .add("POST", "/api/v1/skills", c -> Reply.compact(store(c.id(), null, c.lenientBody())))
        .add("POST", "/api/v1/skills/validate", c -> Reply.full(validate(c.lenientBody())))
        .add("POST", "/api/v1/skills/find", c -> Reply.compact(find(c.id(), c.lenientBody())))
        .add("GET", "/api/v1/skills/([^/]+)", c -> Reply.full(show(c.id(), c.pathParam(1), c.query())))
        .add("PUT", "/api/v1/skills/([^/]+)", c -> Reply.compact(store(c.id(), c.pathParam(1), c.lenientBody())))
        .add("DELETE", "/api/v1/skills/([^/]+)", c -> Reply.full(remove(c.id(), c.pathParam(1))));
  }

  private static String root(Identity id) {
    return "viking://user/" + id.user() + "/skills";
  }

  private VikingTree tree(Identity id) {
    return store.tenant(id.key()).tree();
  }

  private static Parsed parse(String text) {
    String name = null;
    String description = "";
    String body = text;
    if (text.startsWith("---\n")) {
      int end = text.indexOf("\n---", 4);
      if (end > 0) {
        for (String line : text.substring(4, end).split("\n")) {
          int colon = line.indexOf(':');
          if (colon > 0 && line.substring(0, colon).strip().equals("name")) {
            name = line.substring(colon + 1).strip();
          } else if (colon > 0 && line.substring(0, colon).strip().equals("description")) {
            description = line.substring(colon + 1).strip();
          }
        }
        body = text.substring(Math.min(text.length(), end + 4)).strip();
      }
    }
    if (name == null || name.isBlank()) {
      throw ApiException.invalid("SKILL.md needs a front matter with a name");
    }
    VikingUri.check("viking://user/x/skills/" + name);
    return new Parsed(name, description, body, text);
  }

  private Validation validate(Body body) {
    boolean strict = body.flag("strict", false);
    String text = body.text("data");
    try {
      Parsed p = parse(text);
      return new Validation(true, List.of(), List.of(), p.name(), p.description(), List.of(), List.of(),
          p.body().split("\n").length, p.name(), "", strict);
    } catch (ApiException e) {
      return new Validation(false, List.of(e.getMessage()), List.of(), null, null, List.of(), List.of(), 0, null, "", strict);
    }
  }

  /** Adds (name null) or updates a skill from {@code data} or an uploaded zip holding SKILL.md. */
  private Stored store(Identity id, String name, Body body) throws InterruptedException {
    String text = body.optionalText("temp_file_id") != null ? fromZip(id, body.text("temp_file_id")) : body.text("data");
    Parsed p = parse(text);
    if (name != null && !name.equals(p.name())) {
      throw ApiException.invalid("the SKILL.md names " + p.name() + ", not " + name);
    }
    String uri = root(id) + "/" + p.name();
    VikingTree tree = tree(id);
    if (name != null && tree.find(uri) == null) {
      throw ApiException.notFound("Skill not found: " + name, name, "skill");
    }
    tree.writeFile(uri + "/SKILL.md", PrivacySanitizer.stored(store.tenant(id.key()), id, uri + "/SKILL.md", p.text(),
        PrivacySanitizer.SKILL_REFUSAL));
    // 0.5.2's add_skill task has no resource id; its result is the answer without the action and queue counts
    TaskBoard.Task task = tasks.submit("add_skill", id.key(), null, t -> {
      indexing.reindex(id, tree, uri, List.of(uri + "/SKILL.md"));
      return new Stored("success", null, p.name(), uri, uri, 0, null, t.id());
    });
    boolean wait = body.flag("wait", false);
    while (wait && !task.terminal()) {
      Thread.sleep(5);
    }
    return new Stored("success", name == null ? null : "updated", p.name(), uri, uri, 0,
        wait ? tasks.settledCounts(List.of("Embedding", "Semantic")) : null, task.id());
  }

  private String fromZip(Identity id, String tempId) {
    TempUploads.Upload upload = uploads.claim(id.key(), tempId);
    if (upload == null) {
      throw ApiException.notFound("Temp file not found: " + tempId, tempId, "temp_file");
    }
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(upload.bytes()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals("SKILL.md") || e.getName().endsWith("/SKILL.md")) {
          return new String(zip.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException notZip) {
      return new String(upload.bytes(), StandardCharsets.UTF_8); // a single SKILL.md
    }
    throw ApiException.invalid("the upload holds no SKILL.md");
  }

  private List<Skill> all(Identity id) {
    VikingTree tree = tree(id);
    List<Skill> skills = new ArrayList<>();
    if (tree.find(root(id)) == null) {
      return skills;
    }
    for (VikingTree.LsEntry e : tree.ls(root(id))) {
      VikingTree.Node md = tree.find(e.uri() + "/SKILL.md");
      if (md != null) {
        Parsed p = parse(md.content());
        skills.add(new Skill("skill", p.name(), p.description(), e.uri(), e.uri(), e.uri() + "/SKILL.md", List.of(),
            List.of(), null, null, null, null, null, null, null, null));
      }
    }
    return skills;
  }

  private Skills list(Identity id) {
    List<Skill> skills = all(id);
    return new Skills(List.of(root(id)), skills, skills.size());
  }

  /** Skills whose name or description holds a word of the query, scored by the share of words found. */
  private Skills find(Identity id, Body body) {
    String[] words = body.text("query").toLowerCase(Locale.ROOT).split("\\W+");
    List<Skill> hits = new ArrayList<>();
    for (Skill s : all(id)) {
      String text = (s.name() + " " + s.description()).toLowerCase(Locale.ROOT);
      long found = java.util.Arrays.stream(words).filter(w -> !w.isEmpty() && text.contains(w)).count();
      if (found > 0) {
        hits.add(new Skill(s.type(), s.name(), s.description(), s.uri(), s.rootUri(), s.skillMdUri(), List.of(), List.of(),
            Summaries.abstractOf(tree(id), s.skillMdUri()), null, null, null, null, 0, (double) found / words.length,
            "matched words of the name or description"));
      }
    }
    return new Skills(List.of(root(id)), hits, hits.size());
  }

  private Skill show(Identity id, String name, Query query) {
    String uri = root(id) + "/" + name;
    VikingTree tree = tree(id);
    VikingTree.Node md = tree.find(uri + "/SKILL.md");
    if (md == null) {
      throw ApiException.notFound("Skill not found: " + name, name, "skill");
    }
    Parsed p = parse(md.content());
    boolean content = query.get("include_content") == null || query.flag("include_content");
    List<SkillFile> files = query.get("include_files") == null || query.flag("include_files")
        ? List.of(new SkillFile("SKILL.md", "SKILL.md", uri + "/SKILL.md", false, "skill_md")) : null;
    return new Skill("skill", p.name(), p.description(), uri, uri, uri + "/SKILL.md", List.of(), List.of(),
        Summaries.abstractOf(tree, uri + "/SKILL.md"), Summaries.overviewOf(tree, uri),
        content ? md.content() : null, content ? sha256(md.content()) : null, files, null, null, null);
  }

  private Removed remove(Identity id, String name) {
    String uri = root(id) + "/" + name;
    VikingTree tree = tree(id);
    if (tree.find(uri) == null) {
      throw ApiException.notFound("Skill not found: " + name, name, "skill");
    }
    int removed = tree.rm(uri, true).size();
    indexing.forget(id, uri);
    // 0.5.2 removes the skill's privacy config too; its lock leaves the target's directory behind
    boolean privacyDeleted = store.tenant(id.key()).privacy().delete("skill", name);
    return new Removed(name, uri, uri, removed, privacyDeleted);
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
