package ovload.standin.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import ovload.standin.api.ResourceReplies.Tokens;

/**
 * The telemetry OpenViking 0.5.2 puts, unasked, in an add_resource task's result (so in a waited
 * add's answer): the job's duration, its queues' waits and executions, its stages and its tokens,
 * in the real keys and order. The stand-in times its own steps; a step it does not have (the real
 * server's parse plan, its snapshot) takes no time.
 */
record JobTelemetry(String id, Summary summary) {
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Summary(String operation, String status, double durationMs, Tokens tokens, Queues queue,
      SemanticNodes semanticNodes, Resource resource) {}

  record Queues(QueueStage semantic, QueueStage embedding) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record QueueStage(int processed, Duration queueWait, Duration execute) {}

  record SemanticNodes(int total, int done) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Duration(double durationMs) {
    static Duration ofNanos(long nanos) {
      return new Duration(Math.round(nanos / 1_000.0) / 1_000.0);
    }
  }

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record UpdatePlan(double durationMs, Duration artifactInventory, Duration rnfvSnapshot, Duration diffAndCompile) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Stage(Duration queueWait, Duration execute) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Flags(@JsonProperty("wait") boolean waited, boolean buildIndex, boolean summarize, boolean watchEnabled) {}

  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  record Resource(Duration total, Duration sourceExecute, Duration sourcePrepare, Duration parseArtifact,
      Duration targetResolve, UpdatePlan updatePlan, Duration contentCommit, Duration derivedEnqueue, Stage semantic,
      Stage embedding, Flags flags) {}

  /** The times of one add_resource job, in nanoseconds, as the stand-in measured them. */
  record Timings(long total, long contentCommit, long parse, long embeddingWait, long embedding, long semanticWait,
      long semantic) {}

  /**
   * The telemetry of a job that embedded {@code chunks} chunks and summarised {@code directories}
   * directories. {@code flags.wait} is false as on the real server, whose job runs detached from
   * the request even when the request waits for it.
   */
  static JobTelemetry of(Timings t, int chunks, int directories, Tokens tokens) {
    byte[] raw = new byte[16];
    ThreadLocalRandom.current().nextBytes(raw);
    Duration none = new Duration(0.0);
    Stage semantic = new Stage(Duration.ofNanos(t.semanticWait()), Duration.ofNanos(t.semantic()));
    Stage embedding = new Stage(Duration.ofNanos(t.embeddingWait()), Duration.ofNanos(t.embedding()));
    Resource resource = new Resource(Duration.ofNanos(t.total()), Duration.ofNanos(t.parse()), none,
        Duration.ofNanos(t.parse()), none, new UpdatePlan(0.0, none, none, none), Duration.ofNanos(t.contentCommit()),
        none, semantic, embedding, new Flags(false, true, false, false));
    return new JobTelemetry("tm_" + HexFormat.of().formatHex(raw), new Summary("add_resource_job", "ok",
        Duration.ofNanos(t.total()).durationMs(), tokens,
        new Queues(new QueueStage(directories, semantic.queueWait(), semantic.execute()),
            new QueueStage(chunks, embedding.queueWait(), embedding.execute())),
        new SemanticNodes(directories, directories), resource));
  }
}
