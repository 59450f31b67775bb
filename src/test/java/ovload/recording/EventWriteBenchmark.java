package ovload.recording;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import ovload.support.Json;

/**
 * The CPU the event writer spends per request event, side by side in one JVM: the event through
 * Jackson's mapper (what {@link EventRecorder} did) and {@link RequestEvent#writeTo}, both into a
 * UTF-8 generator over a stream that drops the bytes. Rounds alternate the two; medians of the last
 * four fifths are printed.
 * {@code java -cp target/classes:target/test-classes:$(cat target/ov.classpath) ovload.recording.EventWriteBenchmark}
 */
public final class EventWriteBenchmark {
  private EventWriteBenchmark() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    ObjectWriter mapper = Json.MAPPER.writer().without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    JsonGenerator g = mapper.createGenerator(OutputStream.nullOutputStream(), JsonEncoding.UTF8);
    g.setRootValueSeparator(null);
    RequestEvent event = new RequestEvent("sdk", "retrieval", "find", "2026-12-07T20:40:29.123Z",
        "2026-12-07T20:40:29.127Z", 53123.456789, 4.123456, true, 200, null, null, null, null, null, 3, null)
        .withServerTiming(new ServerTiming(0.812345, null, null, null, null, null));
    int rounds = 100;
    int writes = 20_000;
    double[][] ns = new double[2][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int way = 0; way < 2; way++) {
        long start = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < writes; i++) {
          if (way == 0) {
            mapper.writeValue(g, event);
          } else {
            event.writeTo(g);
          }
          g.writeRaw('\n');
        }
        g.flush();
        ns[way][r] = (cpu.getCurrentThreadCpuTime() - start) / (double) writes;
      }
    }
    System.out.printf("request event: mapper %4.0f ns, writeTo %4.0f ns%n", median(ns[0]), median(ns[1]));
  }

  private static double median(double[] values) {
    double[] kept = Arrays.copyOfRange(values, values.length / 5, values.length);
    Arrays.sort(kept);
    return kept[kept.length / 2];
  }
}
