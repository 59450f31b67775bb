package ovload.report.model;

import com.fasterxml.jackson.databind.util.StdConverter;
import ovload.support.PythonFormat;

/**
 * The spec's rounding ({@code round(x, 4)}) applied when a figure is written
 * ({@code @JsonSerialize(converter = Rounded.class)}): the model keeps the exact value, which the
 * summaries format themselves, so a figure is never rounded twice.
 */
public final class Rounded extends StdConverter<Double, Double> {
  @Override
  public Double convert(Double value) {
    return PythonFormat.roundOptional(value);
  }
}
