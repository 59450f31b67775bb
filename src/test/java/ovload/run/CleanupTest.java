package ovload.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import ovload.client.ClientSettings;
import ovload.client.OpenVikingClient;
import ovload.config.Connection;
import ovload.config.RunConfig;
import ovload.standin.ModelMode;
import ovload.standin.StandInConfig;
import ovload.standin.StandInServer;

/** The clear (before a run, and at its end with cleanupAtEnd) removes the run's memories too, and only its own. */
class CleanupTest {
  @TempDir Path work;

  @Test
  void theClearRemovesTheRunsSessionsMemoriesAndDataRootButNotOthers() throws Exception {
    try (StandInServer server = StandInServer.start(StandInConfig.defaults().withPort(0).withModelMode(ModelMode.INSTANT));
         OpenVikingClient client = new OpenVikingClient(new ClientSettings(server.baseUrl(), Connection.DEFAULT_API_KEY,
             "default", "default", Duration.ofSeconds(10), Map.of()))) {
      RunConfig config = config(server.baseUrl());
      RemotePreparation remote = new RemotePreparation(client, config);
      remote.ensureTree();
      assertTrue(names(client.ls("viking://resources/bench/load_test")).contains("ovload-generator-warmup"),
          "the generator warm-up's folder is made with the data root, so its grep and glob find a folder");
      // the suite's own (an earlier run's, another adapter's, a shard's) and foreign ids that merely start with the prefix
      List<String> own = List.of("bench-load-20261101T000000Z-sdk-0000", "bench-load-s1-20261101T000000Z-cli-http-0003");
      List<String> foreign = List.of("bench-load-notes", "bench-load-x-sdk-1", "bench-load-x-curl-0001", "someone-else");
      for (String session : concat(own, foreign)) {
        client.addMessage(session, "user", "remember that the build runs on Fridays");
        waitFor(client, client.commitSession(session));
      }
      assertEquals(6, names(client.ls(RemotePreparation.MEMORIES)).size(), "each committed session left a memory folder");

      RemotePreparation.Cleared cleared = remote.clear();

      assertEquals(2, cleared.sessions());
      assertEquals(2, cleared.memoryFolders());
      assertEquals(foreign.stream().sorted().toList(), names(client.ls(RemotePreparation.MEMORIES)),
          "memories of sessions not in the suite's form stay");
      assertTrue(RemotePreparation.sessionIds(client.listSessions()).containsAll(foreign), "foreign sessions stay");
      assertFalse(names(client.ls("viking://resources/bench")).contains("load_test"), "the data root is gone");
      assertEquals(new RemotePreparation.Cleared(0, 0), remote.clear(), "a second clear finds nothing left");
    }
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void localDataIsRemovedOnlyWhenOvloadMadeIt() throws Exception {
    Path ours = work.resolve("data");
    LocalData.prepare(ours, true);
    Files.writeString(ours.resolve("doc.md"), "x");
    LocalData.remove(ours);
    assertFalse(Files.exists(ours));

    Path theirs = Files.createDirectories(work.resolve("theirs"));
    Files.writeString(theirs.resolve("keep.md"), "x");
    LocalData.remove(theirs);
    assertTrue(Files.exists(theirs.resolve("keep.md")), "a folder without the marker is not ours");
  }

  private RunConfig config(String url) {
    Properties p = new Properties();
    p.setProperty("serverUrl", url);
    p.setProperty("adapters", "sdk");
    p.setProperty("profile", "smoke");
    p.setProperty("outputDir", work.resolve("run").toString());
    p.setProperty("localDataDir", work.resolve("data").toString());
    return RunConfig.from(p, Map.of(), work, Instant.now());
  }

  private static void waitFor(OpenVikingClient client, JsonNode commit) throws InterruptedException {
    String task = commit.path("task_id").asText(null);
    for (int i = 0; task != null && i < 200; i++) {
      if (!List.of("pending", "running").contains(client.getTask(task).path("status").asText())) {
        return;
      }
      Thread.sleep(20);
    }
  }

  private static List<String> names(JsonNode listing) {
    List<String> names = new ArrayList<>();
    // OpenViking 0.5.2's ls names each entry by its uri
    listing.forEach(e -> names.add(e.path("uri").asText().substring(e.path("uri").asText().lastIndexOf('/') + 1)));
    names.sort(null);
    return names;
  }
}
