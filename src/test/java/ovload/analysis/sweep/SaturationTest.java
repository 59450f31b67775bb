package ovload.analysis.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SaturationTest {
  private static Saturation.Point p(double x, double qps, double p95) {
    return new Saturation.Point(x, qps, p95);
  }

  @Test
  void theKneeIsTheLastPointBeforeThroughputStopsFollowingTheLoad() {
    // doubling the load: +90 %, +80 %, then +5 % (elasticity 0.05) while p95 doubles
    List<Saturation.Point> curve = List.of(p(1, 100, 10), p(2, 190, 10.5), p(4, 342, 12), p(8, 359, 24), p(16, 360, 48));
    Saturation.Knee knee = Saturation.knee(curve).orElseThrow();
    assertEquals(4, knee.at().x());
    assertEquals(8, knee.next().x());
    assertEquals(359.0 / 342 - 1, knee.throughputGain(), 1e-12);
    assertEquals(1.0, knee.p95Rise(), 1e-12);
    assertEquals((359.0 / 342 - 1) / 1.0, knee.elasticity(), 1e-12);
  }

  @Test
  void elasticityWeighsTheGainByHowMuchTheLoadGrew() {
    // 16 -> 64 is four times the load: +18 % throughput is an elasticity of 0.06, saturated
    assertEquals(16, Saturation.knee(List.of(p(16, 1512, 26), p(64, 1785, 82))).orElseThrow().at().x());
    // 2 -> 2.2 is +10 % load: +5 % throughput is an elasticity of 0.5, still scaling
    assertTrue(Saturation.knee(List.of(p(2, 100, 10), p(2.2, 105, 11))).isEmpty());
  }

  @Test
  void aFlatCurveWhoseLatencyDoesNotRiseIsNotSaturation() {
    assertTrue(Saturation.knee(List.of(p(1, 100, 10), p(2, 101, 10), p(4, 101, 9))).isEmpty());
    assertTrue(Saturation.knee(List.of(p(1, 100, 10))).isEmpty());
  }
}
