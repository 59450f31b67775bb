package ovload.report;

import java.nio.file.Path;
import java.util.List;
import ovload.recording.RunOutcome;
import ovload.report.gates.GateResult;
import ovload.report.model.RunTables;

/** What the post-processor wrote and found: the summaries' paths, counts and the notes it added. */
public record ReportResult(Path summary, Path summaryZh, long requests, long failures, List<String> notes,
    RunTables tables, List<GateResult> gates, RunOutcome outcome) {

  public boolean gatesPassed() {
    return gates.stream().allMatch(GateResult::passed);
  }
}
