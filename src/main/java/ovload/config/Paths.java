package ovload.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.nio.file.Path;

/**
 * The run's local folders, each resolved against the project folder.
 *
 * @param localDataDir the documents the run writes and uploads ({@code -DlocalDataDir}); a shard's
 *     lies in the common one, so that shards on one machine do not wipe each other's documents
 * @param userFilesDir the feeders' word lists and templates ({@code -DuserFiles})
 * @param outputDir the run folder ({@code -DoutputDir}, default {@code reports/<runId>}, a shard's
 *     with its label)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Paths(
    @JsonSerialize(using = ToStringSerializer.class) Path localDataDir,
    @JsonSerialize(using = ToStringSerializer.class) @JsonProperty("user_files") Path userFilesDir,
    @JsonSerialize(using = ToStringSerializer.class) Path outputDir) {

  static Paths from(Settings s, Path projectDir, String runId, Shard shard) {
    Path outputDir = projectDir.resolve(s.string("outputDir", null,
        "reports/" + runId + (shard.sharded() ? "-" + shard.label() : "")));
    Path commonDataDir = projectDir.resolve(s.string("localDataDir", null, "target/ovload-data"));
    Path localDataDir = shard.sharded() ? commonDataDir.resolve(shard.label()) : commonDataDir;
    return new Paths(localDataDir, projectDir.resolve(s.string("userFiles", null, "user-files")), outputDir);
  }
}
