package ovload.recording;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The CPU one telemetry read costs the load generator, per real 0.5.2 reply of the corpus, side by
 * side in one JVM: {@link ServerTiming#ofReply} (Jackson's streaming parser, {@link TelemetryReader})
 * and Jackson's tree of the reply ({@link TelemetryTree}); the find reply also with ten more hits in its result.
 * Rounds alternate the two; medians of the last four fifths are printed.
 * {@code java -cp target/classes:target/test-classes:$(cat target/ov.classpath) ovload.recording.TelemetryReadBenchmark}
 */
public final class TelemetryReadBenchmark {
  private TelemetryReadBenchmark() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    int rounds = 100;
    int reads = 10_000;
    for (String name : new String[] {"find", "find-10-hits", "search-concurrent", "add_message"}) {
      boolean hits = name.endsWith("-10-hits");
      String raw = Files.readString(Path.of("src/test/resources/telemetry/openviking-0.5.2", (hits ? "find" : name) + ".http"));
      String body = raw.substring(raw.indexOf("\n\n") + 2).trim();
      if (hits) {
        // the same reply with ten more hits, as a find over real documents answers
        body = body.replace("\"resources\":[", "\"resources\":[" + String.join(",", java.util.Collections.nCopies(10,
            "{\"uri\":\"viking://resources/bench/load_test/doc-0001.md\",\"context_type\":\"resource\",\"level\":2,"
                + "\"score\":0.4321,\"abstract\":\"" + "A paragraph of the document's abstract, as the server returns it. ".repeat(6)
                + "\",\"match_reason\":\"\",\"relations\":[]}")) + ",");
      }
      double[][] ns = new double[2][rounds];
      long sink = 0;
      for (int r = 0; r < rounds; r++) {
        for (int way = 0; way < 2; way++) {
          long start = cpu.getCurrentThreadCpuTime();
          for (int i = 0; i < reads; i++) {
            ServerTiming t = way == 0 ? ServerTiming.ofReply(null, body) : TelemetryTree.ofReply(null, body);
            sink += t.telemetryMs() == null ? 0 : 1;
          }
          ns[way][r] = (cpu.getCurrentThreadCpuTime() - start) / (double) reads;
        }
      }
      System.out.printf("%-18s %5d chars: stream %6.0f ns, Jackson tree %6.0f ns (%d)%n", name,
          body.length(), median(ns[0]), median(ns[1]), sink % 2);
    }
  }

  private static double median(double[] values) {
    double[] kept = Arrays.copyOfRange(values, values.length / 5, values.length);
    Arrays.sort(kept);
    return kept[kept.length / 2];
  }
}
