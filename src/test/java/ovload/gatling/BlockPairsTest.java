package ovload.gatling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ovload.stats.RatioInterval;

/** The telemetry cost benchmark's arithmetic, checked by hand. */
class BlockPairsTest {
  /** t quantile 0.975 with 2 degrees of freedom (scipy.stats.t.ppf(0.975, 2)). */
  private static final double T2 = 4.302652729749462;

  /** A block of 2 s with {@code requests} requests and generator CPU {@code msPerRequest} each. */
  private static BlockPairs.Block block(int index, double requests, double msPerRequest) {
    boolean telemetry = index % 4 == 1 || index % 4 == 2; // the ABBA schedule of TelemetryBlocks
    return new BlockPairs.Block(index, telemetry, 2.0, (long) requests, requests * msPerRequest / 1000, 0.5, 0, 0, 0,
        new double[3]);
  }

  /** Pairs whose on block costs {@code ratios[j]} times its off block, under a steady drift of the machine. */
  private static List<BlockPairs.Block[]> pairs(double... ratios) {
    List<BlockPairs.Block> blocks = new ArrayList<>();
    for (int j = 0; j < ratios.length; j++) {
      double offMs = 0.2 * (1 + 0.05 * j); // the machine slows down from pair to pair
      for (int index = 2 * j; index <= 2 * j + 1; index++) {
        boolean on = index % 4 == 1 || index % 4 == 2;
        blocks.add(block(index, 1000, on ? offMs * ratios[j] : offMs));
      }
    }
    return BlockPairs.pairs(blocks);
  }

  @Test
  void pairsAreTheScheduleBlocks2jAnd2jPlus1OnFirst() {
    List<BlockPairs.Block> blocks = List.of(block(1, 10, 1), block(2, 20, 1), block(3, 30, 1), block(4, 40, 1),
        block(5, 50, 1), block(7, 70, 1));
    List<BlockPairs.Block[]> pairs = BlockPairs.pairs(blocks);
    // block 1 lost its partner 0 (before the window), 6 is missing: (2, 3) and (4, 5) remain
    assertEquals(2, pairs.size());
    assertArrayEquals(new int[] {2, 3}, new int[] {pairs.get(0)[0].index(), pairs.get(0)[1].index()});
    assertArrayEquals(new int[] {5, 4}, new int[] {pairs.get(1)[0].index(), pairs.get(1)[1].index()});
    assertTrue(pairs.stream().allMatch(p -> p[0].telemetry() && !p[1].telemetry()));
    BlockPairs.Block wrong = new BlockPairs.Block(1, false, 2, 10, 0.1, 0.1, 0, 0, 0, new double[3]);
    assertThrows(IllegalArgumentException.class, () -> BlockPairs.pairs(List.of(block(0, 10, 1), wrong)));
  }

  @Test
  void theRatioIsTheGeometricMeanWithAStudentInterval() {
    RatioInterval r = BlockPairs.ratio(pairs(1.1, 1.2, 1.0), BlockPairs.Block::generatorMsPerRequest);
    double[] logs = {Math.log(1.1), Math.log(1.2), Math.log(1.0)};
    double mean = (logs[0] + logs[1] + logs[2]) / 3;
    double sd = Math.sqrt(((logs[0] - mean) * (logs[0] - mean) + (logs[1] - mean) * (logs[1] - mean)
        + (logs[2] - mean) * (logs[2] - mean)) / 2);
    assertEquals(Math.exp(mean), r.estimate(), 1e-12);
    assertEquals(Math.exp(mean - T2 * sd / Math.sqrt(3)), r.low(), 1e-9);
    assertEquals(Math.exp(mean + T2 * sd / Math.sqrt(3)), r.high(), 1e-9);
    assertEquals(3, r.samples());
    assertThrows(IllegalArgumentException.class, () -> BlockPairs.ratio(pairs(1.1), BlockPairs.Block::perSecond));
  }

  @Test
  void aCostOfTenPercentFailsTheTargetAndNoCostMeetsIt() {
    // must fire: every pair 9-11 % dearer, whatever the drift
    RatioInterval dear = BlockPairs.ratio(pairs(1.09, 1.11, 1.10, 1.10), BlockPairs.Block::generatorMsPerRequest);
    assertEquals(1.10, dear.estimate(), 0.002);
    assertFalse(dear.within(0.05));
    // must not fire: pairs within 1 % either way, despite the machine slowing 15 % over them
    RatioInterval same = BlockPairs.ratio(pairs(1.01, 0.99, 1.0, 1.005), BlockPairs.Block::generatorMsPerRequest);
    assertEquals(1.0, same.estimate(), 0.005);
    assertTrue(same.within(0.05), same.describe());
    // throughput is the same in every block here: exactly no change
    RatioInterval throughput = BlockPairs.ratio(pairs(1.2, 1.3), BlockPairs.Block::perSecond);
    assertEquals(1.0, throughput.estimate(), 1e-12);
  }

  @Test
  void overRunsEachRunIsOneSample() {
    List<List<BlockPairs.Block[]>> runs = List.of(pairs(1.1, 1.3), pairs(1.0, 1.0), pairs(1.2, 1.2));
    RatioInterval r = BlockPairs.acrossRuns(runs, BlockPairs.Block::generatorMsPerRequest);
    double[] means = {(Math.log(1.1) + Math.log(1.3)) / 2, 0, Math.log(1.2)};
    double mean = (means[0] + means[1] + means[2]) / 3;
    double sd = Math.sqrt(((means[0] - mean) * (means[0] - mean) + (means[1] - mean) * (means[1] - mean)
        + (means[2] - mean) * (means[2] - mean)) / 2);
    assertEquals(Math.exp(mean), r.estimate(), 1e-12);
    assertEquals(Math.exp(mean + T2 * sd / Math.sqrt(3)), r.high(), 1e-9);
    assertEquals(3, r.samples());
  }
}
