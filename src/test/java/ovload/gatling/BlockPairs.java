package ovload.gatling;

import java.util.ArrayList;
import java.util.List;
import ovload.stats.RatioInterval;

/**
 * The figures of the telemetry cost benchmark's blocks ({@link TelemetryBlocks}) and the on/off ratio
 * of each figure over the pairs of blocks: block {@code 2j} and {@code 2j + 1} are a pair, one with
 * telemetry and one without. The ratio is the geometric mean of the pairs' ratios with its
 * {@link RatioInterval}. Over several runs (JVMs), each run's ratio is one sample: what differs
 * between JVMs (their JIT's choices) then counts too.
 */
final class BlockPairs {
  /**
   * One block: its index in the schedule, length, requests ended in it, and CPU seconds of each side in
   * it; {@code threadCpu}: the generator's CPU seconds by thread ({@link TelemetryBlocks#THREADS}: event
   * loops, event writer, GC).
   */
  record Block(int index, boolean telemetry, double seconds, long requests, double generatorCpu, double standinCpu,
      double jitCpu, long gcCount, double gcSeconds, double[] threadCpu) {
    double perSecond() {
      return requests / seconds;
    }

    double generatorMsPerRequest() {
      return generatorCpu * 1000 / requests;
    }

    double standinMsPerRequest() {
      return standinCpu * 1000 / requests;
    }
  }

  interface Figure {
    double of(Block block);
  }

  private BlockPairs() {}

  /** The {on, off} blocks of each complete pair among {@code blocks} (in schedule order, some may be missing). */
  static List<Block[]> pairs(List<Block> blocks) {
    List<Block[]> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < blocks.size(); i++) {
      Block a = blocks.get(i);
      Block b = blocks.get(i + 1);
      if (a.index() % 2 == 0 && b.index() == a.index() + 1) {
        if (a.telemetry() == b.telemetry()) {
          throw new IllegalArgumentException("blocks " + a.index() + " and " + b.index() + " are a pair with one setting");
        }
        pairs.add(a.telemetry() ? new Block[] {a, b} : new Block[] {b, a});
      }
    }
    return pairs;
  }

  /** The on/off ratio of a figure over the pairs; needs at least two pairs. */
  static RatioInterval ratio(List<Block[]> pairs, Figure figure) {
    return RatioInterval.ofLogs(logRatios(pairs, figure), "pairs of blocks");
  }

  /** The on/off ratio of a figure over runs, each run's ratio the geometric mean of its pairs'; needs two runs. */
  static RatioInterval acrossRuns(List<List<Block[]>> runs, Figure figure) {
    double[] means = new double[runs.size()];
    for (int i = 0; i < means.length; i++) {
      means[i] = java.util.Arrays.stream(logRatios(runs.get(i), figure)).average().orElseThrow();
    }
    return RatioInterval.ofLogs(means, "runs");
  }

  private static double[] logRatios(List<Block[]> pairs, Figure figure) {
    return pairs.stream().mapToDouble(p -> Math.log(figure.of(p[0]) / figure.of(p[1]))).toArray();
  }
}
