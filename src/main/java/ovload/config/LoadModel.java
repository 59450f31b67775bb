package ovload.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Locale;

/**
 * How the timed phases (retrieval, mixed) generate load. {@code closed} (the script's model): a
 * fixed number of workers, each sending its next request when the last one answered, so a slow
 * server slows the arrivals. {@code open}: requests arrive at a fixed rate whatever the server
 * does, each its own Gatling user; latency is then also measured from the scheduled arrival.
 *
 * @param retrievalRate arrivals per second in the retrieval phase (open model only)
 * @param mixedRate arrivals per second in the mixed phase (open model only)
 * @param testHoldBackMs for tests only ({@code -DtestHoldBackMs}): every tenth open-model arrival
 *     waits this long after its slot before it is sent, as a late generator would (written only when set)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({"load_model", "retrieval_rate", "mixed_rate", "test_hold_back_ms"})
public record LoadModel(@JsonIgnore boolean open, Double retrievalRate, Double mixedRate,
    @JsonInclude(JsonInclude.Include.NON_DEFAULT) long testHoldBackMs) {
  public static final LoadModel CLOSED = new LoadModel(false, null, null, 0);

  /** The open model's arrivals in a phase: one user per request, at least one. */
  public static long arrivals(double rate, double seconds) {
    return Math.max(1, Math.round(rate * seconds));
  }

  /** {@code open} or {@code closed}, as the option is written. */
  @JsonProperty("load_model")
  public String name() {
    return open ? "open" : "closed";
  }

  static LoadModel from(Settings s) {
    String model = s.string("loadModel", null, "closed").toLowerCase(Locale.ROOT);
    switch (model) {
      case "closed":
        return CLOSED;
      case "open":
        double retrieval = s.number("retrievalRate", -1, 0.001, "requests per second");
        double mixed = s.number("mixedRate", -1, 0.001, "requests per second");
        if (retrieval < 0 || mixed < 0) {
          throw new ConfigException(
              "-DloadModel=open needs arrival rates: add -DretrievalRate=N -DmixedRate=N (requests per second)");
        }
        return new LoadModel(true, retrieval, mixed, (long) s.number("testHoldBackMs", 0, 0, "milliseconds"));
      default:
        throw new ConfigException("unknown -DloadModel '" + model + "': use closed|open");
    }
  }
}
