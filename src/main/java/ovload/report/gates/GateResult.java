package ovload.report.gates;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A gate as measured. {@code measured} is null when the run has no request of that adapter and
 * operation: then the gate is skipped (and says why), never silently passed. In
 * {@code run_summary.json} the gate's own fields come first, then the measurement.
 */
@JsonPropertyOrder({"gate", "measured", "passed", "skipped"})
public record GateResult(@JsonUnwrapped Gate gate, Double measured, String skipped) {
  @JsonProperty("passed")
  public boolean passed() {
    return skipped != null || measured <= gate.threshold();
  }

  public boolean failed() {
    return !passed();
  }
}
