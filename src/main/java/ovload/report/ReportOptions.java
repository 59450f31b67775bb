package ovload.report;

/**
 * @param windowSeconds the window of {@code request_windows.csv}; null takes the run's own
 * @param charts whether to draw the PNG charts
 */
public record ReportOptions(Double windowSeconds, boolean charts) {
  public static ReportOptions defaults() {
    return new ReportOptions(null, true);
  }
}
