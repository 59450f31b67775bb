package ovload.support;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Numbers printed as the Python script prints them, so a user moving from it finds the same
 * text: {@code round(x, 4)}, {@code str(float)} (repr: shortest digits, {@code 12.0}, {@code 1e-05}),
 * and {@code f"{x:.2f}"}.
 */
public final class PythonFormat {
  private PythonFormat() {}

  /** Python's {@code round(x, digits)}: half-even on the exact binary value. */
  public static double round(double value, int digits) {
    if (!Double.isFinite(value)) {
      return value;
    }
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  public static Double roundOptional(Double value) {
    return value == null ? null : round(value, 4);
  }

  /** Python's {@code repr(float)}. */
  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return (1 / value < 0) ? "-0.0" : "0.0";
    }
    BigDecimal shortest = shortestRoundTrip(value).stripTrailingZeros();
    int exponent = shortest.precision() - shortest.scale() - 1;
    if (exponent < -4 || exponent >= 16) {
      String digits = shortest.unscaledValue().abs().toString();
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
          + String.format("%02d", Math.abs(exponent));
    }
    String plain = shortest.toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /**
   * The fewest significant digits that read back as the same double, as Python's repr finds them
   * (JDK 17's {@code Double.toString} sometimes gives one digit more).
   */
  private static BigDecimal shortestRoundTrip(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int digits = 1; digits < 17; digits++) {
      BigDecimal candidate = exact.round(new java.math.MathContext(digits, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == value) {
        return candidate;
      }
    }
    return exact.round(new java.math.MathContext(17, RoundingMode.HALF_EVEN));
  }

  /** Python's {@code f"{x:.Nf}"}. */
  public static String fixed(double value, int digits) {
    return new BigDecimal(value).setScale(digits, RoundingMode.HALF_EVEN).toPlainString();
  }

  /** A CSV cell or Markdown value as Python's {@code str()} gives it; null is {@code nullText}. */
  public static String str(Object value, String nullText) {
    if (value == null) {
      return nullText;
    }
    if (value instanceof Double d) {
      return repr(d);
    }
    if (value instanceof Boolean b) {
      return b ? "True" : "False";
    }
    return value.toString();
  }
}
