package ovload.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small fixed run whose expected CSVs were produced once by an independent Python
 * implementation of the script's own algorithms (csv.DictWriter, round, its percentile): our files
 * must match them byte for byte.
 */
public class PostProcessorGoldenTest {
  static final Path FIXTURE = Path.of("src/test/resources/runs/small");
  @TempDir Path runDir;

  public static Path copyFixture(Path runDir) throws Exception {
    for (String file : List.of("request_events.jsonl", "task_events.jsonl", "phases.json", "run_config.json")) {
      Files.copy(FIXTURE.resolve(file), runDir.resolve(file));
    }
    return runDir;
  }

  @Test
  void csvsMatchTheScriptsOutputByteForByte() throws Exception {
    PostProcessor.process(copyFixture(runDir), new ReportOptions(null, false));
    for (String name : List.of("request_summary", "request_windows", "task_summary", "adapter_comparison", "errors")) {
      assertEquals(Files.readString(FIXTURE.resolve("expected/" + name + ".csv")),
          Files.readString(runDir.resolve(name + ".csv")), name + ".csv");
    }
  }

  @Test
  void regeneratingGivesTheSameFiles() throws Exception {
    PostProcessor.process(copyFixture(runDir), new ReportOptions(null, false));
    String first = Files.readString(runDir.resolve("request_summary.csv")) + Files.readString(runDir.resolve("summary_zh.md"));
    PostProcessor.process(runDir, new ReportOptions(null, false));
    assertEquals(first, Files.readString(runDir.resolve("request_summary.csv")) + Files.readString(runDir.resolve("summary_zh.md")));
  }
}
