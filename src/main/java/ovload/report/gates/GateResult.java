package ovload.report.gates;

/**
 * A gate as measured. {@code measured} is null when the run has no request of that adapter and
 * operation: then the gate is skipped (and says why), never silently passed.
 */
public record GateResult(Gate gate, Double measured, String skipped) {
  public boolean passed() {
    return skipped != null || measured <= gate.threshold();
  }

  public boolean failed() {
    return !passed();
  }
}
