package ovload.standin.http;

/**
 * The stand-in's simulated model calls as OpenViking 0.5.2's exporter counts its provider calls:
 * {@code openviking_embedding_calls_total} / {@code openviking_vlm_calls_total} (counters) and
 * {@code openviking_embedding_call_duration_seconds} / {@code openviking_vlm_call_duration_seconds}
 * (histograms), labelled by account, error code ({@code OK}, or the provider's HTTP status), model and
 * provider. The model and provider names are those {@code scripts/real-server.sh} gives the real
 * server's mock models, so the two servers' series line up. A call costs a few adder increments: the
 * series are made up front.
 */
public final class ModelCalls {
  /** Which of the server's two model clients a call went through. */
  public enum Kind {
    EMBEDDING("openviking_embedding", "mock-embedding"),
    VLM("openviking_vlm", "mock-chat");

    final String prefix;
    final String model;

    Kind(String prefix, String model) {
      this.prefix = prefix;
      this.model = model;
    }
  }

  /** The error code a failing mock provider's HTTP 500 gets (OpenViking's {@code extract_metric_error_code}). */
  private static final String FAILED = "500";

  private final LatencyHistogram[][] series = new LatencyHistogram[Kind.values().length][2];

  public ModelCalls() {
    for (LatencyHistogram[] kind : series) {
      kind[0] = new LatencyHistogram();
      kind[1] = new LatencyHistogram();
    }
  }

  /** One call ended, successfully or not, after {@code nanos}. */
  public void record(Kind kind, boolean ok, long nanos) {
    series[kind.ordinal()][ok ? 0 : 1].observe(nanos / 1e9);
  }

  /** The four families; a series shows once it has a call, as OpenViking's do. */
  void write(StringBuilder out) {
    for (Kind kind : Kind.values()) {
      String calls = kind.prefix + "_calls_total";
      out.append("# HELP ").append(calls).append(" OpenViking metric.\n# TYPE ").append(calls).append(" counter\n");
      for (int i = 0; i < 2; i++) {
        LatencyHistogram h = series[kind.ordinal()][i];
        if (h.count() > 0) {
          out.append(calls).append('{').append(before(i)).append(',').append(after(kind)).append("} ").append(h.count()).append('\n');
        }
      }
      String duration = kind.prefix + "_call_duration_seconds";
      out.append("# HELP ").append(duration).append(" OpenViking metric.\n# TYPE ").append(duration).append(" histogram\n");
      for (int i = 0; i < 2; i++) {
        LatencyHistogram h = series[kind.ordinal()][i];
        if (h.count() > 0) {
          h.write(out, duration, before(i), after(kind));
        }
      }
    }
  }

  private static String before(int outcome) {
    return "account_id=\"__unknown__\",error_code=\"" + (outcome == 0 ? "OK" : FAILED) + "\"";
  }

  private static String after(Kind kind) {
    return "model_name=\"" + kind.model + "\",provider=\"openai\"";
  }
}
