package ovload.report.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import ovload.stats.Percentiles;

/**
 * What the resource samples say about a run: how busy the load generator was, and how much of the
 * latency tail is its own GC pause time ({@link GcTail}). When either is high the tail describes the
 * generator, not the server, and the report says so.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourceFindings(int samples, double generatorCpuP95, double generatorCpuMax, double saturatedShare, GcTail gc) {

  public static final double SATURATED_CPU_PERCENT = 90;
  static final double SATURATED_SHARE_LIMIT = 0.10;

  public boolean generatorSaturated() {
    return saturatedShare > SATURATED_SHARE_LIMIT;
  }

  /** Null when the run has no samples (an older run, or sampling was off). */
  public static ResourceFindings analyse(Path runDir) throws IOException {
    Path samples = runDir.resolve("resources.csv");
    if (!Files.exists(samples)) {
      return null;
    }
    List<String> lines = Files.readAllLines(samples);
    List<Double> cpu = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String cell = line.split(",", -1)[2];
      if (!cell.isEmpty()) {
        cpu.add(Double.parseDouble(cell));
      }
    }
    double[] sortedCpu = cpu.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    long saturated = cpu.stream().filter(c -> c > SATURATED_CPU_PERCENT).count();
    Double p95 = Percentiles.of(sortedCpu, sortedCpu.length, 95);
    return new ResourceFindings(cpu.size(), p95 == null ? 0 : p95,
        sortedCpu.length == 0 ? 0 : sortedCpu[sortedCpu.length - 1], cpu.isEmpty() ? 0 : saturated / (double) cpu.size(),
        GcTail.measure(runDir));
  }
}
