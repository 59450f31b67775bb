package ovload.report.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import ovload.model.Operation;
import ovload.serverside.metrics.ServerMetrics;
import ovload.serverside.profile.CollapsedStacks;
import ovload.serverside.profile.DifferentialProfile;
import ovload.serverside.profile.ProfileSummary;

class InsideFindingsTest {
  private static InsideFindings.PhaseInside phase(double searchP95, double embedP95, Double wait, double inflight) {
    return new InsideFindings.PhaseInside(Map.of(Operation.SEARCH, searchP95), new ServerMetrics.GaugeStats(inflight, inflight),
        new ServerMetrics.GaugeStats(0, 0), wait, embedP95, 5, null, 0);
  }

  private static DifferentialProfile diff() throws Exception {
    Path dir = Path.of("src/test/resources/serverside");
    return DifferentialProfile.of(ProfileSummary.of(CollapsedStacks.read(dir.resolve("retrieval.collapsed"))),
        ProfileSummary.of(CollapsedStacks.read(dir.resolve("mixed.collapsed"))));
  }

  @Test
  void aGrownP95IsPutNextToTheServersFiguresThatMovedWithIt() throws Exception {
    String s = InsideFindings.sentence(Operation.SEARCH, 100, 650, phase(90, 40, null, 1), phase(600, 130, 250.0, 4), diff(), true, true);
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): the server's own p95 for the route 90 → 600 ms, "
        + "embedding calls p95 +90 ms, background tasks waited 250 ms in queue on average, in-flight requests 1.0 → 4.0, "
        + "the queue workers busy 0 % → 60 % (top growth: `compressor_v3._extract_user_memories` +43 points).", s);
  }

  @Test
  void aP95ThatDidNotGrowIsNotExplained() throws Exception {
    String s = InsideFindings.sentence(Operation.SEARCH, 650, 640, phase(90, 40, null, 1), phase(600, 130, 250.0, 4), diff(), true, true);
    assertEquals("search p95 650 → 640 ms under mixed load: it did not grow, so nothing to explain.", s);
  }

  @Test
  void aSourceThatWasOffIsNotMeasured() throws Exception {
    String s = InsideFindings.sentence(Operation.SEARCH, 100, 650, null, null, null, false, false);
    assertEquals("search p95 100 → 650 ms under mixed load (+550 ms): server metrics not measured, server profile not measured.", s);
    String metricsOnly = InsideFindings.sentence(Operation.SEARCH, 100, 650, phase(90, 40, null, 1), phase(600, 130, null, 4),
        null, true, false);
    assertTrue(metricsOnly.contains("embedding calls p95 +90 ms") && metricsOnly.endsWith("server profile not measured."), metricsOnly);
    assertFalse(metricsOnly.contains("waited"), "no queue wait without one: " + metricsOnly);
  }
}
