package ovload.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ovload.run.GatlingFork;
import ovload.stats.RatioInterval;

/**
 * What the breakdown costs the sdk path: the retrieval phase against the instant embedded stand-in,
 * with find and search asking for telemetry in alternate blocks of time of the same run
 * ({@link TelemetryCostSimulation}), so that both settings share one load generator, one stand-in,
 * their JIT's state and whatever else the machine does. Prints, for each setting, requests per second
 * and the load generator's and the stand-in's CPU per request (from /proc, the JIT compiler's threads
 * apart), and the on/off ratio of each over the pairs of blocks with its 95 % interval ({@link BlockPairs});
 * the target is within 5 %. X-Process-Time is read in both (it is part of every event).
 *
 * <p>An earlier form ran a run with telemetry and one without side by side: four JVMs on two cores,
 * where the pair that lost the scheduler paid for it in CPU per request too, by ±10 % between
 * invocations. A benchmark, not a test: {@code mvn -q test-compile && java -cp
 * target/classes:target/test-classes:$(cat target/ov.classpath) ovload.gatling.BreakdownBenchmark
 * [phase seconds] [search concurrency] [block seconds] [settle seconds] [runs]}.
 */
public final class BreakdownBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();

  private BreakdownBenchmark() {}

  public static void main(String[] args) throws Exception {
    double phaseSeconds = args.length > 0 ? Double.parseDouble(args[0]) : 150;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    double blockSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 2;
    double settleSeconds = args.length > 3 ? Double.parseDouble(args[3]) : Math.min(60, phaseSeconds / 3);
    int runs = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    if (settleSeconds < 0 || settleSeconds + 4 * blockSeconds > phaseSeconds || runs < 1) {
      throw new IllegalArgumentException("the phase of " + phaseSeconds + " s must hold the settle time and two pairs of"
          + " blocks, and there must be a run");
    }
    Path base = Files.createDirectories(Path.of("target/benchmarks")).resolve("breakdown-" + System.nanoTime()).toAbsolutePath();
    List<List<BlockPairs.Block[]>> perRun = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      perRun.add(measure(base.resolve("run-" + run), phaseSeconds, concurrency, blockSeconds, settleSeconds,
          "run " + run + " of " + runs));
    }
    List<BlockPairs.Block[]> pairs = perRun.stream().flatMap(List::stream).toList();
    if (runs > 1) {
      printSides("all runs:", pairs);
    }
    Map<String, BlockPairs.Figure> figures = new LinkedHashMap<>();
    figures.put("throughput", BlockPairs.Block::perSecond);
    figures.put("generator CPU per request", BlockPairs.Block::generatorMsPerRequest);
    figures.put("stand-in CPU per request", BlockPairs.Block::standinMsPerRequest);
    Map<String, RatioInterval> verdicts = new LinkedHashMap<>();
    System.out.println("on vs off (geometric mean of the ratios; the interval over pairs of blocks, then over runs):");
    figures.forEach((name, figure) -> {
      RatioInterval pooled = BlockPairs.ratio(pairs, figure);
      RatioInterval across = runs > 1 ? BlockPairs.acrossRuns(perRun, figure) : pooled;
      verdicts.put(name, across);
      System.out.printf("  %-26s %s%s%n", name + ":", pooled.describe(), runs > 1 ? "; over runs " + across.describe() : "");
    });
    System.out.printf("target (throughput and generator CPU per request within 5 %%, the whole interval%s): %s%n",
        runs > 1 ? " over runs" : "", verdicts.get("throughput").within(0.05)
            && verdicts.get("generator CPU per request").within(0.05) ? "met" : "not shown");
  }

  /** One run of {@link TelemetryCostSimulation}: its pairs of blocks, each side's figures printed. */
  private static List<BlockPairs.Block[]> measure(Path work, double phaseSeconds, int concurrency, double blockSeconds,
      double settleSeconds, String label) throws Exception {
    Map<String, String> options = GatlingFork.shortSmoke(work, "sdk", phaseSeconds);
    options.put("mixedSeconds", "1");
    options.put("resourceCount", "4");
    options.put("sessionCount", "2");
    options.put("ovload.blockMillis", Long.toString(Math.round(blockSeconds * 1000)));
    options.put("searchConcurrency", Integer.toString(concurrency));
    options.put("ovload.sameBoth", System.getProperty("ovload.sameBoth", "false"));
    GatlingFork.Result result = GatlingFork.start(work, work.resolve("gatling"), options, TelemetryCostSimulation.class)
        .await(Math.round(phaseSeconds) + 600);
    if (result.exitCode() != 0 && result.exitCode() != 2) { // 2: latency gates, not our concern here
      throw new IllegalStateException("run failed (" + result.exitCode() + "): " + result.output());
    }
    List<BlockPairs.Block> blocks = blocks(work.resolve("run"), settleSeconds);
    List<BlockPairs.Block[]> pairs = BlockPairs.pairs(blocks);
    printSides(String.format("%s: %d blocks of %.1f s in the retrieval phase after %.0f s, %d pairs", label, blocks.size(),
        blockSeconds, settleSeconds, pairs.size()), pairs);
    return pairs;
  }

  /** Each side's requests per second and CPU per request, over the blocks of the pairs. */
  private static void printSides(String header, List<BlockPairs.Block[]> pairs) {
    System.out.println(header);
    for (boolean telemetry : List.of(false, true)) {
      List<BlockPairs.Block> side = pairs.stream().map(p -> p[telemetry ? 0 : 1]).toList();
      double seconds = sum(side, BlockPairs.Block::seconds);
      long requests = side.stream().mapToLong(BlockPairs.Block::requests).sum();
      System.out.printf("  telemetry %-3s: %6d requests in %6.1f s = %7.1f req/s; CPU per request: generator %.3f ms,"
              + " stand-in %.3f ms (JIT of both besides: %.3f ms); generator GC: %d collections, %.3f ms per request%n",
          telemetry ? "on" : "off", requests, seconds, requests / seconds,
          sum(side, BlockPairs.Block::generatorCpu) * 1000 / requests, sum(side, BlockPairs.Block::standinCpu) * 1000 / requests,
          sum(side, BlockPairs.Block::jitCpu) * 1000 / requests, side.stream().mapToLong(BlockPairs.Block::gcCount).sum(),
          sum(side, BlockPairs.Block::gcSeconds) * 1000 / requests);
      System.out.printf("                 generator CPU per request by thread: event loops %.1f us, event writer %.1f us,"
          + " GC %.1f us%n", threadMicros(side, 0, requests), threadMicros(side, 1, requests), threadMicros(side, 2, requests));
    }
  }

  private static double threadMicros(List<BlockPairs.Block> blocks, int thread, long requests) {
    return blocks.stream().mapToDouble(b -> b.threadCpu()[thread]).sum() * 1e6 / requests;
  }

  private static double sum(List<BlockPairs.Block> blocks, BlockPairs.Figure figure) {
    return blocks.stream().mapToDouble(figure::of).sum();
  }

  /** The blocks that lie wholly in the sdk retrieval phase after its first {@code settle} seconds. */
  private static List<BlockPairs.Block> blocks(Path runDir, double settleSeconds) throws Exception {
    Instant[] phase = retrievalPhase(runDir);
    Instant from = phase[0].plusMillis(Math.round(settleSeconds * 1000));
    long[] ended = retrievalEnds(runDir);
    List<String> rows = Files.readAllLines(runDir.resolve(TelemetryBlocks.FILE));
    if (rows.isEmpty() || !rows.get(0).equals(TelemetryBlocks.HEADER)) {
      throw new IllegalStateException("no block samples in " + runDir);
    }
    List<BlockPairs.Block> blocks = new ArrayList<>();
    for (int k = 1; k + 1 < rows.size(); k++) {
      String[] a = rows.get(k).split(",");
      String[] b = rows.get(k + 1).split(",");
      Instant start = Instant.parse(a[0]);
      Instant end = Instant.parse(b[0]);
      if (start.isBefore(from) || end.isAfter(phase[1])) {
        continue;
      }
      long requests = count(ended, start, end);
      blocks.add(new BlockPairs.Block(k - 1, Boolean.parseBoolean(a[1]), Duration.between(start, end).toNanos() / 1e9, requests,
          diff(a, b, 2) - diff(a, b, 3), diff(a, b, 4) - diff(a, b, 5), diff(a, b, 3) + diff(a, b, 5),
          Long.parseLong(b[6]) - Long.parseLong(a[6]), (Long.parseLong(b[7]) - Long.parseLong(a[7])) / 1e3,
          new double[] {diff(a, b, 8), diff(a, b, 9), diff(a, b, 10)}));
    }
    return blocks;
  }

  /** The CPU seconds a column grew by from one sample to the next. */
  private static double diff(String[] a, String[] b, int column) {
    return (Long.parseLong(b[column]) - Long.parseLong(a[column])) / 1e9;
  }

  /** The retrieval requests' end times, as epoch nanoseconds, sorted. */
  private static long[] retrievalEnds(Path runDir) throws Exception {
    List<String> lines = Files.readAllLines(runDir.resolve("request_events.jsonl"));
    return lines.stream().filter(line -> line.contains("\"scenario\":\"retrieval\""))
        .mapToLong(line -> nanos(Instant.parse(readTree(line).get("ended_at").asText()))).sorted().toArray();
  }

  private static JsonNode readTree(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  /** How many of the sorted times lie in [start, end). */
  private static long count(long[] sorted, Instant start, Instant end) {
    return lowerBound(sorted, nanos(end)) - lowerBound(sorted, nanos(start));
  }

  private static int lowerBound(long[] sorted, long value) {
    int i = Arrays.binarySearch(sorted, value);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == value) {
      i--;
    }
    return i;
  }

  /** The sdk retrieval phase's start and end. */
  private static Instant[] retrievalPhase(Path runDir) throws Exception {
    for (JsonNode p : JSON.readTree(runDir.resolve("phases.json").toFile())) {
      if (p.get("scenario").asText().equals("retrieval")) {
        return new Instant[] {Instant.parse(p.get("started_at").asText()), Instant.parse(p.get("ended_at").asText())};
      }
    }
    throw new IllegalStateException("no retrieval phase in " + runDir);
  }
}
