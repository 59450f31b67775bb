package ovload.reporting.compare;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code model_modes.md}: the same load in two stand-in model modes, operation by operation (all
 * phases together), ranked by how much slower p95 became with model latency. An operation whose
 * p95 grows by {@link #BOUND_RATIO} or more waits on the model; below {@link #PARTLY_RATIO} it does
 * not.
 */
public final class ModelBound {
  public static final String FILE = "model_modes.md";
  static final double BOUND_RATIO = 2.0;
  static final double PARTLY_RATIO = 1.25;

  private ModelBound() {}

  public static String verdict(Double p95Ratio) {
    if (p95Ratio == null) {
      return "n/a";
    }
    return p95Ratio >= BOUND_RATIO ? "model-bound" : p95Ratio >= PARTLY_RATIO ? "partly model-bound" : "not model-bound";
  }

  public static void write(CompareRuns.Comparison comparison, String baselineMode, String slowerMode, Path dir)
      throws IOException {
    List<CompareRuns.Row> rows = new ArrayList<>(comparison.rows().stream()
        .filter(r -> r.scenario().equals("ALL") && r.ratio("p95_ms") != null).toList());
    rows.sort(Comparator.comparing((CompareRuns.Row r) -> r.ratio("p95_ms")).reversed());
    List<String> md = new ArrayList<>();
    md.add("# Which operations wait on the model: `" + baselineMode + "` against `" + slowerMode + "`");
    md.add("");
    md.add("The same load against the embedded stand-in in two model modes; p95 ratio = " + slowerMode + " / "
        + baselineMode + " over all phases. " + BOUND_RATIO + "x or more: model-bound; " + PARTLY_RATIO
        + "x to " + BOUND_RATIO + "x: partly; below: not. Every phase and figure: `comparison.md`, `comparison.csv`.");
    md.add("");
    md.add("| adapter | operation | p95 " + baselineMode + " (ms) | p95 " + slowerMode + " (ms) | p95 ratio | qps ratio | verdict |");
    md.add("| --- | --- | ---: | ---: | ---: | ---: | --- |");
    for (CompareRuns.Row r : rows) {
      Double qps = r.ratio("qps");
      md.add(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f | %s | %s |", r.adapter(), r.operation(),
          r.baseline().get("p95_ms"), r.candidate().get("p95_ms"), r.ratio("p95_ms"),
          qps == null ? "n/a" : String.format(Locale.ROOT, "%.2f", qps), verdict(r.ratio("p95_ms"))));
    }
    Files.write(dir.resolve(FILE), md, StandardCharsets.UTF_8);
  }
}
